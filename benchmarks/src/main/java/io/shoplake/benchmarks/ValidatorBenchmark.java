package io.shoplake.benchmarks;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.shoplake.events.Device;
import io.shoplake.events.EventCodec;
import io.shoplake.events.Geo;
import io.shoplake.events.OrderCompleted;
import io.shoplake.events.OrderLine;
import io.shoplake.events.PageViewed;
import io.shoplake.events.TimeWindow;
import io.shoplake.events.validation.EventValidator;
import io.shoplake.events.validation.SchemaEngine;
import io.shoplake.events.validation.ValidationResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the event contract on the hot paths: serializing an event (producer) and
 * validating one (ingest), for the commonest event and the largest common one; validation
 * with the compiled schema checks (the default) and with the general-purpose validator
 * they replace.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ValidatorBenchmark {

	private static final Instant AT = Instant.parse("2026-11-24T09:15:30.120Z");

	private EventCodec codec;

	private EventValidator validator;

	private EventValidator reference;

	private PageViewed pageView;

	private OrderCompleted order;

	private byte[] pageViewJson;

	private byte[] orderJson;

	@Setup
	public void setUp() {
		this.codec = new EventCodec();
		this.validator = new EventValidator(this.codec, Clock.fixed(AT, ZoneOffset.UTC));
		this.reference = new EventValidator(this.codec, Clock.fixed(AT, ZoneOffset.UTC), TimeWindow.DEFAULT,
				SchemaEngine.REFERENCE);
		Device device = new Device("mobile", "iOS", "Safari");
		Geo geo = new Geo("DE", "Bavaria", "Munich");
		this.pageView = new PageViewed(UUID.randomUUID(), 1, AT, "ses_1", "anon_1", null, device, geo, "product",
				"/p/prd_00042");
		this.order = new OrderCompleted(UUID.randomUUID(), 2, AT, "ses_1", "anon_1", "cus_1", device, geo, "ord_1",
				"chk_1",
				List.of(new OrderLine("ord_1-1", "prd_1", "var_1", "42", 1, 12_999, 0),
						new OrderLine("ord_1-2", "prd_2", "var_2", "M", 2, 1_499, 300)),
				15_697, 1_570, 495, 2_599, false, 17_221, "EUR", "card", null, null);
		this.pageViewJson = this.codec.toBytes(this.pageView);
		this.orderJson = this.codec.toBytes(this.order);
	}

	@Benchmark
	public byte[] serializePageView() {
		return this.codec.toBytes(this.pageView);
	}

	@Benchmark
	public byte[] serializeOrder() {
		return this.codec.toBytes(this.order);
	}

	@Benchmark
	public ValidationResult validatePageView() {
		return this.validator.validate(this.pageViewJson);
	}

	@Benchmark
	public ValidationResult validateOrder() {
		return this.validator.validate(this.orderJson);
	}

	/** The same with the JSON Schema stage on the general-purpose validator. */
	@Benchmark
	public ValidationResult validatePageViewReference() {
		return this.reference.validate(this.pageViewJson);
	}

	@Benchmark
	public ValidationResult validateOrderReference() {
		return this.reference.validate(this.orderJson);
	}

}
