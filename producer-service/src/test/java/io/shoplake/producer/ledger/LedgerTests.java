package io.shoplake.producer.ledger;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.shoplake.events.AdClicked;
import io.shoplake.events.Device;
import io.shoplake.events.Event;
import io.shoplake.events.EventCodec;
import io.shoplake.events.Geo;
import io.shoplake.events.OrderCompleted;
import io.shoplake.events.OrderLine;
import io.shoplake.events.SessionStarted;
import io.shoplake.events.ledger.LedgerDay;
import io.shoplake.producer.defects.OutgoingMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's settled watermark and its checkpoints: exactly the messages published up
 * to the watermark, whatever order the bus acknowledges them in; an order counted in its
 * campaign only once its ad click is acknowledged too.
 */
class LedgerTests {

	private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

	private static final LocalDate DAY = LocalDate.parse("2026-11-25");

	private final Ledger ledger = new Ledger((click) -> "cmp_" + click.substring(click.indexOf('-') + 1));

	@Test
	void theWatermarkStopsBeforeTheFirstMessageNotYetAcknowledged() {
		Ledger.Publication first = publish(session(1), 1);
		Ledger.Publication second = publish(session(2), 2);
		Ledger.Publication third = publish(session(3), 3);
		assertThat(this.ledger.settledUntil()).isNull();
		this.ledger.acknowledged(second);
		this.ledger.acknowledged(third);
		assertThat(this.ledger.settledUntil()).as("up to just before the first, still in flight")
			.isEqualTo(T0.plusSeconds(1).minusMillis(1));
		this.ledger.acknowledged(first);
		assertThat(this.ledger.settledUntil()).isEqualTo(T0.plusSeconds(3));

		Ledger.Publication fourth = publish(session(4), 4);
		Ledger.Publication fifth = publish(session(5), 5);
		this.ledger.acknowledged(fifth);
		assertThat(this.ledger.settledUntil()).as("up to just before the fourth")
			.isEqualTo(T0.plusSeconds(4).minusMillis(1));
		this.ledger.failed(fourth);
		assertThat(this.ledger.settledUntil()).isEqualTo(T0.plusSeconds(5));
	}

	@Test
	void beforeAnythingIsSettledACheckpointIsAtTheEpochAndEmpty() {
		publish(session(1), 1);
		Ledger.Checkpoint checkpoint = this.ledger.checkpoint();
		assertThat(checkpoint.asOf()).isEqualTo(Instant.EPOCH);
		assertThat(checkpoint.days()).isEmpty();
		assertThat(this.ledger.checkpoint(Instant.EPOCH, LocalDate.MIN, LocalDate.MAX)).isPresent();
	}

	@Test
	void aCheckpointCountsExactlyTheMessagesPublishedUpToTheWatermark() {
		Ledger.Publication early = publish(session(1), 1);
		Ledger.Publication inFlight = publish(session(2), 2);
		Ledger.Publication later = publish(session(3), 3);
		this.ledger.acknowledged(early);
		this.ledger.acknowledged(later);

		Ledger.Checkpoint checkpoint = this.ledger.checkpoint();
		assertThat(checkpoint.asOf()).isEqualTo(T0.plusSeconds(2).minusMillis(1));
		assertThat(checkpoint.days().get(DAY).sessions()).as("the one published up to it").isEqualTo(1);
		assertThat(this.ledger.between(DAY, DAY).get(DAY).sessions()).as("everything acknowledged").isEqualTo(2);

		this.ledger.acknowledged(inFlight);
		assertThat(this.ledger.checkpoint(checkpoint.asOf(), DAY, DAY)).as("a checkpoint does not change")
			.hasValueSatisfying((kept) -> assertThat(kept.days().get(DAY).sessions()).isEqualTo(1));
		assertThat(this.ledger.checkpoint().days().get(DAY).sessions()).isEqualTo(3);
	}

	@Test
	void aMessageOfTheSameMillisecondAsOnePendingStaysAboveTheWatermark() {
		// Two sessions published in the same millisecond, the first acknowledged: the
		// watermark stops before that millisecond, and the lake shows neither below it,
		// so
		// neither may count (the first was once dropped as settled and counted).
		Ledger.Publication first = publish(session(1), 1);
		Ledger.Publication sameMillisecond = this.ledger.published(message(session(2)),
				T0.plusSeconds(1).plusNanos(400_000));
		this.ledger.acknowledged(first);
		Ledger.Checkpoint checkpoint = this.ledger.checkpoint();
		assertThat(checkpoint.asOf()).isEqualTo(T0.plusSeconds(1).minusMillis(1));
		assertThat(checkpoint.days()).as("nothing published up to the watermark").isEmpty();
		this.ledger.acknowledged(sameMillisecond);
		assertThat(this.ledger.checkpoint().days().get(DAY).sessions()).isEqualTo(2);
	}

	@Test
	void anOrderCountsInItsCampaignOnlyOnceItsClickIsAcknowledged() {
		Ledger.Publication click = publish(click("clk-7", 1), 1);
		Ledger.Publication order = publish(order("clk-7", 2), 2);
		this.ledger.acknowledged(order);
		assertThat(this.ledger.between(DAY, DAY).get(DAY).campaigns()).as("the click is still in flight").isEmpty();
		assertThat(this.ledger.settledUntil()).isEqualTo(T0.plusSeconds(1).minusMillis(1));
		assertThat(this.ledger.between(DAY, DAY).get(DAY).orders()).isEqualTo(1);
		this.ledger.acknowledged(click);
		assertThat(this.ledger.between(DAY, DAY).get(DAY).campaigns())
			.containsExactly(Map.entry("cmp_7", new LedgerDay.Campaign(1, 250_000, 0, 1, 1_000)));

		Ledger.Publication secondClick = publish(click("clk-8", 3), 3);
		Ledger.Publication secondOrder = publish(order("clk-8", 4), 4);
		this.ledger.acknowledged(secondOrder);
		this.ledger.failed(secondClick);
		assertThat(this.ledger.between(DAY, DAY).get(DAY).campaigns()).as("its click will never reach the lake")
			.containsOnlyKeys("cmp_7");
		Ledger.Publication thirdOrder = publish(order("clk-8", 5), 5);
		this.ledger.acknowledged(thirdOrder);
		assertThat(this.ledger.between(DAY, DAY).get(DAY).campaigns()).containsOnlyKeys("cmp_7");
		assertThat(this.ledger.between(DAY, DAY).get(DAY).orders()).isEqualTo(3);
	}

	@Test
	void aCheckpointLeavesOutTheAttributionOfOrdersAboveItsWatermark() {
		Ledger.Publication click = publish(click("clk-7", 1), 1);
		Ledger.Publication blocking = publish(session(2), 2);
		Ledger.Publication order = publish(order("clk-7", 3), 3);
		this.ledger.acknowledged(click);
		this.ledger.acknowledged(order);
		LedgerDay checkpoint = this.ledger.checkpoint().days().get(DAY);
		assertThat(checkpoint.orders()).isZero();
		assertThat(checkpoint.campaigns())
			.containsExactly(Map.entry("cmp_7", new LedgerDay.Campaign(1, 250_000, 0, 0, 0)));
		this.ledger.acknowledged(blocking);
		assertThat(this.ledger.checkpoint().days().get(DAY).campaigns())
			.containsExactly(Map.entry("cmp_7", new LedgerDay.Campaign(1, 250_000, 0, 1, 1_000)));
	}

	@Test
	void theWatermarkAndTheClicksGivenUpOnSurviveARestart(@TempDir Path folder) {
		EventCodec codec = new EventCodec();
		Ledger.Publication click = publish(click("clk-9", 1), 1);
		this.ledger.failed(click);
		this.ledger.acknowledged(publish(session(2), 2));
		FileLedgerStore store = new FileLedgerStore(folder.resolve("ledger.json"));
		assertThat(this.ledger.save(store, codec.mapper())).isTrue();

		Ledger restarted = new Ledger((id) -> "cmp_" + id.substring(id.indexOf('-') + 1));
		restarted.load(store, codec.mapper());
		assertThat(restarted.settledUntil()).isEqualTo(T0.plusSeconds(2));
		restarted.acknowledged(restarted.published(message(order("clk-9", 3)), T0.plusSeconds(3)));
		assertThat(restarted.between(DAY, DAY).get(DAY).campaigns()).isEmpty();
		assertThat(restarted.between(DAY, DAY).get(DAY).orders()).isEqualTo(1);
		assertThat(restarted.between(DAY, DAY).get(DAY).sessions()).isEqualTo(1);
	}

	@Test
	void onlyTheLastCheckpointsAreKept() {
		for (int i = 1; i <= Ledger.CHECKPOINTS + 2; i++) {
			this.ledger.acknowledged(publish(session(i), i));
			this.ledger.checkpoint();
		}
		assertThat(this.ledger.checkpoint(T0.plusSeconds(1), DAY, DAY)).isEmpty();
		assertThat(this.ledger.checkpoint(T0.plusSeconds(2), DAY, DAY)).isEmpty();
		assertThat(this.ledger.checkpoint(T0.plusSeconds(3), DAY, DAY)).isPresent();
		assertThat(this.ledger.checkpoint(T0.plusSeconds(Ledger.CHECKPOINTS + 2).plusNanos(999), DAY, DAY))
			.as("looked up to the millisecond")
			.isPresent();
	}

	private Ledger.Publication publish(Event event, int second) {
		return this.ledger.published(message(event), T0.plusSeconds(second));
	}

	private static OutgoingMessage message(Event event) {
		return new OutgoingMessage(OutgoingMessage.Kind.VALID, new byte[0], event, null, event.occurredAt(), false,
				Map.of());
	}

	private static SessionStarted session(int n) {
		return new SessionStarted(UUID.randomUUID(), 1, T0.plusSeconds(n), "ses_" + n, "anon_1", null, DEVICE, GEO, "/",
				null, null, null, null, null);
	}

	private static AdClicked click(String clickId, int n) {
		return new AdClicked(UUID.randomUUID(), 1, T0.plusSeconds(n), "ses_" + n, "anon_1", null, DEVICE, GEO, clickId,
				"cmp_" + clickId.substring(clickId.indexOf('-') + 1), "google", 250_000, "EUR", "google", "cpc",
				"winter");
	}

	private static OrderCompleted order(String clickId, int n) {
		return new OrderCompleted(UUID.randomUUID(), 2, T0.plusSeconds(n), "ses_" + n, "anon_1", "cus_1", DEVICE, GEO,
				"ord_" + n, "chk_" + n, List.of(new OrderLine("l1", "prd_1", "var_1", "M", 1, 1_000, 0)), 1_000, 0, 0,
				160, true, 1_000, "EUR", "card", null, clickId);
	}

	private static final Device DEVICE = new Device("mobile", "iOS", "Safari");

	private static final Geo GEO = new Geo("DE", "Bavaria", "Munich");

}
