package io.shoplake.ingest.push;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.shoplake.support.web.ProblemResponses;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * The Pub/Sub push endpoints, {@code POST /pubsub/push} (one envelope) and
 * {@code POST /pubsub/push:batch} (a JSON array of envelopes, for local use and
 * benchmarks). A push is answered 204 once its message is durable in the lake or the
 * quarantine (bad data is acknowledged, never answered 4xx: that would loop), 503 when
 * storage failed, so the bus delivers it again; a batch is answered 200 with one status
 * per envelope, in order.
 * <p>
 * A servlet of its own rather than a controller: a push is read, handled and answered on
 * one asynchronous request, without dispatching it back through the filter chain and the
 * MVC dispatcher twice (once with the body read, once with the outcome), which cost more
 * than the push itself under load. The filters in front of every servlet (security,
 * request metrics) still run once per push, and the metrics name the route. The body is
 * bounded while it streams:
 * <ul>
 * <li>it is read with non-blocking servlet I/O: a client trickling bytes holds a
 * connection, never a request thread, so slow clients cannot starve health probes or
 * other pushes;</li>
 * <li>a body larger than {@code maxBodyBytes} is refused with 413 as soon as its
 * {@code Content-Length} or its bytes say so, before it is buffered (Pub/Sub never sends
 * one: its messages are at most 10 MB, 13.4 MB in base64);</li>
 * <li>a push not received whole and stored within {@code timeout} is answered 408 (body
 * still arriving) or 503 (storage did not confirm; not acknowledged);</li>
 * <li>bodies being read or parsed hold at most {@code bodyBudgetBytes} together (a body
 * costs about five times its size while it is parsed and decoded); a push that would
 * exceed it is answered 503 with {@code Retry-After}, not acknowledged, so the bus
 * delivers it again a moment later — memory is bounded whatever the concurrency;</li>
 * <li>the body is read as JSON whatever its declared type: Pub/Sub sends JSON, and the
 * container never reads a form or multipart body as parameters here.</li>
 * </ul>
 */
public final class PushServlet extends HttpServlet {

	/** Path of the one-envelope endpoint. */
	public static final String PUSH = "/pubsub/push";

	/** Path of the batch endpoint. */
	public static final String BATCH = "/pubsub/push:batch";

	private static final Logger log = LoggerFactory.getLogger(PushServlet.class);

	private final transient PushHandler handler;

	private final long maxBodyBytes;

	private final Duration timeout;

	private final long bodyBudgetBytes;

	/** Bytes of bodies admitted and not yet parsed. */
	private final AtomicLong admitted = new AtomicLong();

	public PushServlet(PushHandler handler, long maxBodyBytes, Duration timeout, long bodyBudgetBytes) {
		this.handler = handler;
		this.maxBodyBytes = maxBodyBytes;
		this.timeout = timeout;
		this.bodyBudgetBytes = bodyBudgetBytes;
	}

	/** Bytes of push bodies being read or parsed now. */
	public long admittedBytes() {
		return this.admitted.get();
	}

	/**
	 * Admits {@code bytes} more, unless that exceeds the budget while other bodies are in
	 * (one body alone is always admitted, so the largest push can still pass).
	 */
	private boolean admit(long bytes) {
		while (true) {
			long current = this.admitted.get();
			if (current > 0 && current + bytes > this.bodyBudgetBytes) {
				return false;
			}
			if (this.admitted.compareAndSet(current, current + bytes)) {
				return true;
			}
		}
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String route = request.getServletPath();
		// Request metrics (http.server.requests) are tagged with the route, as MVC does.
		ServerHttpObservationFilter.findObservationContext(request)
			.ifPresent((context) -> context.setPathPattern(route));
		if (!"POST".equals(request.getMethod())) {
			response.setHeader("Allow", "POST");
			ProblemResponses.write(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Method Not Allowed",
					"a push is a POST");
			return;
		}
		long declared = request.getContentLengthLong();
		if (declared > this.maxBodyBytes) {
			tooLarge(response, declared);
			return;
		}
		long expected = Math.max(declared, 0);
		if (!admit(expected)) {
			busy(response);
			return;
		}
		AsyncContext async = request.startAsync();
		async.setTimeout(this.timeout.toMillis());
		Push push = new Push(async, request, response, BATCH.equals(route), expected,
				(declared > 0) ? (int) declared : 8_192);
		async.addListener(push);
		request.getInputStream().setReadListener(push);
	}

	private void tooLarge(HttpServletResponse response, long size) throws IOException {
		// The rest of the body is not read: the connection is closed after the answer.
		response.setHeader("Connection", "close");
		ProblemResponses.write(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "Request body too large",
				"the body is " + ((size >= 0) ? size + " bytes or more" : "larger than the limit") + "; at most "
						+ this.maxBodyBytes + " bytes are read. Pub/Sub never sends a push this large (a message "
						+ "is at most 10 MB), so this is not a push.");
	}

	private static void busy(HttpServletResponse response) throws IOException {
		response.setHeader("Retry-After", "1");
		response.setHeader("Connection", "close");
		ProblemResponses.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Busy",
				"ingest is reading as many push bodies as its memory allows; the message was not acknowledged "
						+ "and will be delivered again");
	}

	private static void unavailable(HttpServletResponse response, String detail) throws IOException {
		response.setHeader("Retry-After", "1");
		ProblemResponses.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Storage unavailable", detail);
	}

	/** One push: its body as it arrives, then its outcome; answered exactly once. */
	private final class Push implements ReadListener, AsyncListener {

		private static final int READING = 0;

		private static final int HANDLING = 1;

		private static final int ANSWERED = 2;

		private final AsyncContext async;

		private final HttpServletRequest request;

		private final HttpServletResponse response;

		private final boolean batch;

		private final Buffer bytes;

		private final AtomicInteger state = new AtomicInteger(READING);

		/** Bytes of the budget this push holds; released once its body is parsed. */
		private volatile long held;

		Push(AsyncContext async, HttpServletRequest request, HttpServletResponse response, boolean batch, long held,
				int expected) {
			this.async = async;
			this.request = request;
			this.response = response;
			this.batch = batch;
			this.held = held;
			this.bytes = new Buffer(expected);
		}

		@Override
		public void onDataAvailable() throws IOException {
			ServletInputStream input = this.request.getInputStream();
			while (this.state.get() == READING && !input.isFinished() && input.isReady()) {
				// Read straight into the body's buffer (sized by Content-Length): one
				// copy.
				int read = this.bytes.readFrom(input, PushServlet.this.maxBodyBytes + 1);
				if (read < 0) {
					return;
				}
				long size = this.bytes.size();
				if (size > PushServlet.this.maxBodyBytes) {
					answerOnce(READING, () -> tooLarge(this.response, PushServlet.this.maxBodyBytes + 1));
					return;
				}
				if (size > this.held) {
					// No (or a short) Content-Length: the budget grows with the body.
					if (!admit(size - this.held)) {
						answerOnce(READING, () -> busy(this.response));
						return;
					}
					this.held = size;
				}
			}
		}

		@Override
		public void onAllDataRead() {
			if (!this.state.compareAndSet(READING, HANDLING)) {
				return;
			}
			byte[] body = this.bytes.bytes();
			try {
				if (this.batch) {
					List<CompletableFuture<Void>> results = PushServlet.this.handler.handleBatch(body);
					CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
						.whenComplete((ok, error) -> answerOnce(HANDLING, () -> statuses(results)));
				}
				else {
					PushServlet.this.handler.handle(body)
						.whenComplete((ok, error) -> answerOnce(HANDLING, () -> outcome(error)));
				}
			}
			catch (RuntimeException ex) {
				// Not a verdict on the data (bad data is quarantined): not acknowledged.
				log.error("push not handled", ex);
				answerOnce(HANDLING, () -> outcome(ex));
			}
			finally {
				// The handler parsed, decoded and routed the body on this thread; what
				// is left waiting for the store is a line, not the body.
				release();
			}
		}

		private void outcome(Throwable error) throws IOException {
			if (error == null) {
				this.response.setStatus(HttpServletResponse.SC_NO_CONTENT);
				return;
			}
			log.warn("push not acknowledged: storage failed error={}", error.toString());
			unavailable(this.response,
					"the message could not be stored; it was not acknowledged and will be redelivered");
		}

		private void statuses(List<CompletableFuture<Void>> results) throws IOException {
			StringBuilder json = new StringBuilder(16 + 4 * results.size()).append("{\"statuses\":[");
			for (int i = 0; i < results.size(); i++) {
				json.append((i > 0) ? "," : "").append(results.get(i).isCompletedExceptionally() ? 503 : 204);
			}
			byte[] body = json.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
			this.response.setStatus(HttpServletResponse.SC_OK);
			this.response.setContentType("application/json");
			this.response.setContentLength(body.length);
			this.response.getOutputStream().write(body);
		}

		@Override
		public void onError(Throwable error) {
			// The client went away or the connection broke: nobody to answer. A push
			// already handed to the store is stored, acknowledged to nobody (the bus
			// delivers it again and the redelivery is answered by its first write).
			int was = this.state.getAndSet(ANSWERED);
			if (was == ANSWERED) {
				return;
			}
			log.debug("push not answered: {}", error.toString());
			if (was == READING) {
				release();
			}
			this.async.complete();
		}

		@Override
		public void onTimeout(AsyncEvent event) throws IOException {
			long millis = PushServlet.this.timeout.toMillis();
			if (answerOnce(READING, () -> {
				this.response.setHeader("Connection", "close");
				ProblemResponses.write(this.response, HttpServletResponse.SC_REQUEST_TIMEOUT, "Request body too slow",
						"the body was not received within " + millis + " ms; send it again");
			})) {
				return;
			}
			answerOnce(HANDLING, () -> unavailable(this.response, "the store did not confirm the message within "
					+ millis + " ms; it was not acknowledged and will be redelivered"));
		}

		@Override
		public void onComplete(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
			onError(event.getThrowable());
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

		/**
		 * Writes the answer and completes the request, if the push is still in
		 * {@code from} (a timeout and a late outcome cannot both answer).
		 */
		private boolean answerOnce(int from, Answer answer) {
			if (!this.state.compareAndSet(from, ANSWERED)) {
				return false;
			}
			if (from == READING) {
				release();
			}
			try {
				answer.write();
			}
			catch (IOException | RuntimeException ex) {
				log.debug("push answer not written: {}", ex.toString());
			}
			finally {
				this.async.complete();
			}
			return true;
		}

		private void release() {
			PushServlet.this.admitted.addAndGet(-this.held);
			this.held = 0;
		}

	}

	@FunctionalInterface
	private interface Answer {

		void write() throws IOException;

	}

	/**
	 * A byte buffer that is read into directly and hands over its array when it is
	 * exactly full (no copy).
	 */
	private static final class Buffer extends ByteArrayOutputStream {

		Buffer(int size) {
			super(size);
		}

		/**
		 * Reads what {@code input} has into the free end of the array, first growing a
		 * full array (at most to {@code limit} bytes, so a body over the limit shows as
		 * one); the bytes read, or -1 at the end of the body.
		 */
		int readFrom(ServletInputStream input, long limit) throws IOException {
			if (this.count == this.buf.length) {
				long grown = Math.min(Math.max(2L * this.buf.length, 8_192), Math.max(limit, this.count + 1L));
				this.buf = Arrays.copyOf(this.buf, (int) Math.min(grown, Integer.MAX_VALUE - 8));
			}
			int read = input.read(this.buf, this.count, this.buf.length - this.count);
			if (read > 0) {
				this.count += read;
			}
			return read;
		}

		byte[] bytes() {
			return (this.count == this.buf.length) ? this.buf : toByteArray();
		}

	}

}
