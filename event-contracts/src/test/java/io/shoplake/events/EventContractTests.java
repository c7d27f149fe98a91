package io.shoplake.events;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.shoplake.events.validation.EventValidator;
import io.shoplake.events.validation.ValidationResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The records and the JSON Schemas are two statements of one contract; these tests make
 * them agree field by field and value by value.
 */
class EventContractTests {

	private final EventCodec codec = new EventCodec();

	private final EventValidator validator = new EventValidator(this.codec,
			Clock.fixed(SampleEvents.NOW, ZoneOffset.UTC));

	static Stream<Event> samples() {
		return SampleEvents.all().stream();
	}

	@ParameterizedTest
	@MethodSource("samples")
	void recordToJsonIsSchemaValidAndReadsBackEqual(Event event) {
		byte[] json = this.codec.toBytes(event);
		ValidationResult result = this.validator.validate(json);
		assertThat(result).as(new String(json)).isInstanceOf(ValidationResult.Valid.class);
		assertThat(((ValidationResult.Valid) result).event()).isEqualTo(event);
		assertThat(this.codec.fromBytes(json)).isEqualTo(event);
	}

	@ParameterizedTest
	@MethodSource("samples")
	void jsonStartsWithTheCommonFieldsInContractOrder(Event event) {
		List<String> names = new ArrayList<>();
		this.codec.readTree(this.codec.toBytes(event)).propertyNames().forEach(names::add);
		assertThat(names.subList(0, 9)).containsExactly("event_id", "event_type", "schema_version", "occurred_at",
				"session_id", "anonymous_id", "customer_id", "device", "geo");
	}

	@ParameterizedTest
	@EnumSource(EventType.class)
	void schemaPropertiesAreExactlyTheRecordComponentsAndAllRequired(EventType type) throws IOException {
		JsonNode schema = schema(type);
		Set<String> expected = new LinkedHashSet<>();
		expected.add("event_type");
		for (RecordComponent component : type.recordClass().getRecordComponents()) {
			expected.add(component.getName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT));
		}
		Set<String> properties = new LinkedHashSet<>();
		schema.get("properties").propertyNames().forEach(properties::add);
		Set<String> required = new LinkedHashSet<>();
		schema.get("required").forEach((name) -> required.add(name.stringValue()));
		assertThat(properties).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(required).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(schema.get("additionalProperties").booleanValue()).isFalse();
		assertThat(schema.at("/properties/event_type/const").stringValue()).isEqualTo(type.wireName());
	}

	@ParameterizedTest
	@EnumSource(EventType.class)
	void schemaExampleIsValidAndIsWhatTheCodecWritesForIt(EventType type) throws IOException {
		JsonNode example = schema(type).get("examples").get(0);
		byte[] bytes = this.codec.mapper().writeValueAsBytes(example);
		ValidationResult result = this.validator.validate(bytes);
		assertThat(result).as(example.toString()).isInstanceOf(ValidationResult.Valid.class);
		Event event = ((ValidationResult.Valid) result).event();
		assertThat(event.eventType()).isEqualTo(type.wireName());
		assertThat(event).isInstanceOf(type.recordClass());
		assertThat(this.codec.readTree(this.codec.toBytes(event))).isEqualTo(example);
	}

	@ParameterizedTest
	@EnumSource(EventType.class)
	void everyTypeHasASample(EventType type) {
		assertThat(SampleEvents.all()).filteredOn(type.recordClass()::isInstance).hasSize(1);
	}

	@org.junit.jupiter.api.Test
	void wireNamesAreTheContractNames() {
		assertThat(Arrays.stream(EventType.values()).map(EventType::wireName)).containsExactly("customer_registered",
				"session_started", "ad_clicked", "page_viewed", "search_performed", "product_viewed", "cart_item_added",
				"cart_item_removed", "checkout_started", "payment_failed", "order_completed", "order_refunded",
				"product_price_changed", "ad_impressions_reported");
	}

	@ParameterizedTest
	@EnumSource(EventType.class)
	void aNewerVersionOnlyAddsFieldsAndSamplesAreTheNewest(EventType type) throws IOException {
		assertThat(SampleEvents.all()).filteredOn(type.recordClass()::isInstance)
			.singleElement()
			.extracting(Event::schemaVersion)
			.isEqualTo(type.version());
		for (int version = 2; version <= type.version(); version++) {
			JsonNode older = schema(type, version - 1);
			JsonNode newer = schema(type, version);
			assertThat(newer.at("/properties/schema_version/const").intValue()).isEqualTo(version);
			for (String field : older.get("properties").propertyNames()) {
				assertThat(newer.get("properties").has(field)).as(type.wireName() + " v" + version + " keeps " + field)
					.isTrue();
			}
		}
	}

	static JsonNode schema(EventType type) throws IOException {
		return schema(type, type.version());
	}

	static JsonNode schema(EventType type, int version) throws IOException {
		try (InputStream in = EventType.class.getClassLoader().getResourceAsStream(type.schemaResource(version))) {
			assertThat(in).as(type.schemaResource(version)).isNotNull();
			return new EventCodec().mapper().readTree(in);
		}
	}

}
