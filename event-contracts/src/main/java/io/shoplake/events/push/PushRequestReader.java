package io.shoplake.events.push;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.shoplake.events.Timestamps;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads push envelopes: the common shape by hand, everything else through the mapper.
 * <p>
 * Binding an envelope through the mapper was about 13 % of the batch endpoint's time
 * (profiled under load). An envelope as Pub/Sub and the producer send it — an object
 * whose known fields hold strings (the attributes an object of strings) and a whole
 * delivery attempt, unknown fields anywhere — is read here in one pass over its tokens.
 * Anything else (a null, a number where a string belongs, a repeated field, a time that
 * does not parse, malformed JSON, trailing tokens) goes to the mapper, which gives the
 * value or the error exactly as before: this reader only ever shortcuts what the mapper
 * would have bound, to the same record.
 */
public final class PushRequestReader {

	private final JsonMapper mapper;

	/**
	 * @param mapper the codec's mapper, which binds what this reader does not
	 */
	public PushRequestReader(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/** The envelope in {@code body[offset, offset + length)}. */
	public PushRequest read(byte[] body, int offset, int length) {
		PushRequest request = quick(body, offset, length);
		return (request != null) ? request : this.mapper.readValue(body, offset, length, PushRequest.class);
	}

	/** The envelope in {@code body}. */
	public PushRequest read(byte[] body) {
		return read(body, 0, body.length);
	}

	/** The envelope read by hand, or null when it is not of the common shape. */
	PushRequest quick(byte[] body, int offset, int length) {
		try (JsonParser parser = this.mapper.createParser(body, offset, length)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			PushMessage message = null;
			String subscription = null;
			Integer deliveryAttempt = null;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				switch (name) {
					case "message" -> {
						if (message != null || value != JsonToken.START_OBJECT) {
							return null;
						}
						message = message(parser);
						if (message == null) {
							return null;
						}
					}
					case "subscription" -> {
						if (subscription != null || value != JsonToken.VALUE_STRING) {
							return null;
						}
						subscription = parser.getString();
					}
					case "deliveryAttempt", "delivery_attempt" -> {
						if (deliveryAttempt != null || value != JsonToken.VALUE_NUMBER_INT
								|| parser.getNumberType() != JsonParser.NumberType.INT) {
							return null;
						}
						deliveryAttempt = parser.getIntValue();
					}
					default -> parser.skipChildren();
				}
			}
			if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
				return null;
			}
			return new PushRequest(message, subscription, deliveryAttempt);
		}
		catch (RuntimeException ex) {
			// Malformed JSON, a repeated name, a time that does not parse: the mapper
			// reports it.
			return null;
		}
	}

	/** The message object the parser is at the start of, or null if not common. */
	private static PushMessage message(JsonParser parser) {
		String data = null;
		Map<String, String> attributes = null;
		String messageId = null;
		Instant publishTime = null;
		String orderingKey = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			switch (name) {
				case "data" -> {
					if (data != null || value != JsonToken.VALUE_STRING) {
						return null;
					}
					data = parser.getString();
				}
				case "attributes" -> {
					if (attributes != null || value != JsonToken.START_OBJECT) {
						return null;
					}
					attributes = new LinkedHashMap<>();
					while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
						String key = parser.currentName();
						if (parser.nextToken() != JsonToken.VALUE_STRING) {
							return null;
						}
						attributes.put(key, parser.getString());
					}
				}
				case "messageId", "message_id" -> {
					if (messageId != null || value != JsonToken.VALUE_STRING) {
						return null;
					}
					messageId = parser.getString();
				}
				case "publishTime", "publish_time" -> {
					if (publishTime != null || value != JsonToken.VALUE_STRING) {
						return null;
					}
					publishTime = Timestamps.parse(parser.getString());
				}
				case "orderingKey", "ordering_key" -> {
					if (orderingKey != null || value != JsonToken.VALUE_STRING) {
						return null;
					}
					orderingKey = parser.getString();
				}
				default -> parser.skipChildren();
			}
		}
		return new PushMessage(data, attributes, messageId, publishTime, orderingKey);
	}

}
