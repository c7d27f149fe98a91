package io.shoplake.ingest.push;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Describes {@link PushServlet}'s two endpoints in the service's OpenAPI document (a
 * servlet is not a controller, so nothing else would).
 */
public final class PushApi implements OpenApiCustomizer {

	private static final String TAG = "push";

	@Override
	public void customise(OpenAPI api) {
		api.addTagsItem(new Tag().name(TAG).description("Pub/Sub push delivery"));
		ApiResponse durable = new ApiResponse().description("durable in the lake or the quarantine (acknowledged)");
		api.path(PushServlet.PUSH,
				new PathItem().post(
						operation("push", "Receive one Pub/Sub push message; 204 when durable, 503 when storage failed",
								"a Pub/Sub push envelope (JSON; any content type is read as JSON)")
							.responses(common().addApiResponse("204", durable))));
		Schema<?> statuses = new ObjectSchema().addProperty("statuses", new ArraySchema().items(new IntegerSchema()));
		ApiResponse answered = new ApiResponse().description("one status per envelope, in request order")
			.content(json(statuses));
		api.path(PushServlet.BATCH,
				new PathItem().post(operation("pushBatch",
						"Receive a JSON array of push envelopes (local use and benchmarks); "
								+ "200 with one status per envelope, in order: 204 durable, 503 storage failed",
						"a JSON array of Pub/Sub push envelopes (any content type is read as JSON)")
					.responses(common().addApiResponse("200", answered))));
	}

	private static Operation operation(String id, String summary, String body) {
		return new Operation().operationId(id)
			.addTagsItem(TAG)
			.summary(summary)
			.requestBody(new RequestBody().required(true).description(body).content(json(new ObjectSchema())));
	}

	private static ApiResponses common() {
		return new ApiResponses().addApiResponse("408", problem("the body was not received within push-timeout"))
			.addApiResponse("413", problem("the body is larger than max-body-bytes"))
			.addApiResponse("503", problem("not stored (storage failed, busy or not confirmed in time): "
					+ "not acknowledged, delivered again"));
	}

	private static ApiResponse problem(String description) {
		return new ApiResponse().description(description)
			.content(
					new Content().addMediaType("application/problem+json", new MediaType().schema(new ObjectSchema())));
	}

	private static Content json(Schema<?> schema) {
		return new Content().addMediaType("application/json", new MediaType().schema(schema));
	}

}
