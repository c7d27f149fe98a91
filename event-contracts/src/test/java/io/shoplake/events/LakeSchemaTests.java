package io.shoplake.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.shoplake.events.LakeSchema.Array;
import io.shoplake.events.LakeSchema.Column;
import io.shoplake.events.LakeSchema.FieldType;
import io.shoplake.events.LakeSchema.Scalar;
import io.shoplake.events.LakeSchema.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lake schema derived from the JSON Schemas holds every field of every event as the
 * type its value has on the wire.
 */
class LakeSchemaTests {

	private final EventCodec codec = new EventCodec();

	private final Map<String, Column> columns = LakeSchema.current()
		.columns()
		.stream()
		.collect(Collectors.toMap(Column::name, Function.identity()));

	static Stream<Event> samples() {
		return SampleEvents.all().stream();
	}

	@ParameterizedTest
	@MethodSource("samples")
	void everyFieldOfAnEventIsAColumnOfItsWireType(Event event) {
		JsonNode json = this.codec.readTree(this.codec.toBytes(event));
		for (Map.Entry<String, JsonNode> field : json.properties()) {
			assertThat(this.columns).as(field.getKey()).containsKey(field.getKey());
			assertMatches(field.getKey(), this.columns.get(field.getKey()).type(), field.getValue());
		}
	}

	@Test
	void columnsAreUniqueAndEndWithWhatIngestAppends() {
		List<String> names = LakeSchema.current().columns().stream().map(Column::name).toList();
		assertThat(names).doesNotHaveDuplicates()
			.startsWith("event_id", "event_type", "schema_version", "occurred_at", "session_id", "anonymous_id",
					"customer_id", "device", "geo")
			.endsWith("_message_id", "_publish_time", "_delivery_attempt", "_ingested_at");
		assertThat(this.columns.get("occurred_at").type()).isEqualTo(Scalar.TIMESTAMP);
		assertThat(this.columns.get("_publish_time").type()).isEqualTo(Scalar.TIMESTAMP);
		assertThat(this.columns.get("_delivery_attempt").type()).isEqualTo(Scalar.INT64);
		assertThat(this.columns.get("total_cents").type()).isEqualTo(Scalar.INT64);
		assertThat(this.columns.get("line_ids").type()).isEqualTo(new Array(Scalar.STRING));
		assertThat(this.columns.get("prices_include_tax").type()).isEqualTo(Scalar.BOOL);
		assertThat(this.columns.get("report_date").type()).isEqualTo(Scalar.DATE);
		FieldType lines = this.columns.get("lines").type();
		assertThat(lines).isInstanceOf(Array.class);
		assertThat(((Struct) ((Array) lines).element()).fields()).extracting(Column::name, Column::type)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("line_id", Scalar.STRING),
					org.assertj.core.groups.Tuple.tuple("product_id", Scalar.STRING),
					org.assertj.core.groups.Tuple.tuple("variant_id", Scalar.STRING),
					org.assertj.core.groups.Tuple.tuple("variant", Scalar.STRING),
					org.assertj.core.groups.Tuple.tuple("quantity", Scalar.INT64),
					org.assertj.core.groups.Tuple.tuple("unit_price_cents", Scalar.INT64),
					org.assertj.core.groups.Tuple.tuple("discount_cents", Scalar.INT64));
	}

	private static void assertMatches(String path, FieldType type, JsonNode value) {
		if (value.isNull()) {
			return;
		}
		if (type instanceof Struct struct) {
			assertThat(value.isObject()).as(path + " is an object").isTrue();
			Map<String, FieldType> fields = struct.fields()
				.stream()
				.collect(Collectors.toMap(Column::name, Column::type));
			assertThat(fields.keySet()).as(path).containsExactlyInAnyOrderElementsOf(value.propertyNames());
			value.properties()
				.forEach((field) -> assertMatches(path + "." + field.getKey(), fields.get(field.getKey()),
						field.getValue()));
		}
		else if (type instanceof Array array) {
			assertThat(value.isArray()).as(path + " is an array").isTrue();
			value.values().forEach((element) -> assertMatches(path + "[]", array.element(), element));
		}
		else if (type == Scalar.INT64) {
			assertThat(value.isIntegralNumber()).as(path + " is an integer").isTrue();
		}
		else if (type == Scalar.TIMESTAMP) {
			assertThat(Instant.parse(value.asString())).as(path).isNotNull();
		}
		else if (type == Scalar.BOOL) {
			assertThat(value.isBoolean()).as(path + " is a boolean").isTrue();
		}
		else if (type == Scalar.DATE) {
			assertThat(java.time.LocalDate.parse(value.asString())).as(path).isNotNull();
		}
		else {
			assertThat(value.isString()).as(path + " is a string").isTrue();
		}
	}

}
