package io.shoplake.events.ledger;

import java.util.Map;

import io.shoplake.events.EventCodec;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The ledger day, as the producer writes it and transform reads it: the derived figures
 * must add up, and a reader that insists on every figure refuses one that is missing.
 */
class LedgerDayTests {

	private final EventCodec codec = new EventCodec();

	private final ObjectReader strict = this.codec.mapper()
		.readerFor(LedgerDay.class)
		.with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
				DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);

	@Test
	void aDayRoundTripsWithItsDerivedFigures() {
		LedgerDay day = new LedgerDay(10, 2, 3, 5_000, 500, 495, 800, 300, 1, 1_000, 3_500, 4_495, 1, 2,
				Map.of("prd_1", new LedgerDay.Product(3, 4_500)),
				Map.of("cmp_1", new LedgerDay.Campaign(4, 1_000, 250, 1, 99)), Map.of("not_json", 1L),
				Map.of("json", 1L));
		String json = this.codec.mapper().writeValueAsString(day);
		assertThat(json).contains("\"gross_cents\":5000", "\"net_cents\":3500", "\"revenue_cents\":4500");
		assertThat((LedgerDay) this.strict.readValue(json)).isEqualTo(day);
	}

	@Test
	void figuresThatDoNotAddUpAreRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new LedgerDay(0, 1, 1, 1_000, 0, 0, 0, 0, 0, 0, 999, 999, 0, 0, Map.of(), Map.of(),
					Map.of(), Map.of()))
			.withMessageContaining("net_cents 999");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new LedgerDay(0, 1, 1, 1_000, 0, 100, 0, 0, 0, 0, 1_000, 1_000, 0, 0, Map.of(), Map.of(),
					Map.of(), Map.of()))
			.withMessageContaining("total_cents 1000");
		// VAT inside the prices is part of gross: adding it again would count it twice.
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new LedgerDay(0, 1, 1, 1_190, 0, 0, 190, 190, 0, 0, 1_190, 1_380, 0, 0, Map.of(),
					Map.of(), Map.of(), Map.of()))
			.withMessageContaining("total_cents 1380");
	}

	@Test
	void aMissingFigureIsAnErrorNotAZero() {
		String withoutTax = "{\"sessions\":1,\"orders\":0,\"units\":0,\"gross_cents\":0,\"discount_cents\":0,"
				+ "\"shipping_cents\":0,\"refunds\":0,\"refund_cents\":0,\"net_cents\":0,\"total_cents\":0,"
				+ "\"duplicates\":0,\"late\":0,\"products\":{},\"campaigns\":{},\"poison\":{},\"poison_by_stage\":{}}";
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> this.strict.readValue(withoutTax))
			.withMessageContaining("tax_cents");
		String withAFigureAddedLater = withoutTax
			.replace("\"sessions\":1,", "\"sessions\":1,\"tax_cents\":0,\"tax_included_cents\":0,")
			.replace("{\"sessions\"", "{\"returns_cents\":5,\"sessions\"");
		assertThat(((LedgerDay) this.strict.readValue(withAFigureAddedLater)).sessions()).isEqualTo(1);
	}

}
