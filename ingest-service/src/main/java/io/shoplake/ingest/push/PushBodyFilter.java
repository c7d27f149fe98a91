package io.shoplake.ingest.push;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.shoplake.support.web.ProblemResponses;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a push request's body before anything else does, without holding a thread while
 * the client sends it, and bounded while it streams:
 * <ul>
 * <li>the body is read with non-blocking servlet I/O: a client trickling bytes holds a
 * connection, never a request thread, so slow clients cannot starve health probes or
 * other pushes;</li>
 * <li>a body larger than {@code maxBodyBytes} is refused with 413 as soon as its
 * {@code Content-Length} or its bytes say so, before it is buffered (Pub/Sub never sends
 * one: its messages are at most 10 MB, 13.4 MB in base64);</li>
 * <li>a body not received whole within {@code readTimeout} is answered 408;</li>
 * <li>bodies being read or handled hold at most {@code bodyBudgetBytes} together (a body
 * costs about five times its size while it is parsed and decoded); a push that would
 * exceed it is answered 503 with {@code Retry-After}, not acknowledged, so the bus
 * delivers it again a moment later — memory is bounded whatever the concurrency;</li>
 * <li>the body is handed on as {@code application/json} whatever the declared type:
 * Pub/Sub sends JSON, and a form or multipart type must not make the container consume
 * the body as parameters (and the message be quarantined empty).</li>
 * </ul>
 * The handler then runs on an asynchronous dispatch with the bytes as a request
 * attribute.
 */
public final class PushBodyFilter implements Filter {

	/** Request attribute holding the body read. */
	public static final String BODY = "io.shoplake.ingest.push.body";

	/** Request attribute holding the bytes of the budget this request holds. */
	private static final String HELD = "io.shoplake.ingest.push.held";

	private static final Logger log = LoggerFactory.getLogger(PushBodyFilter.class);

	private final long maxBodyBytes;

	private final Duration readTimeout;

	private final long bodyBudgetBytes;

	/** Bytes of bodies admitted and not yet handled. */
	private final AtomicLong admitted = new AtomicLong();

	public PushBodyFilter(long maxBodyBytes, Duration readTimeout, long bodyBudgetBytes) {
		this.maxBodyBytes = maxBodyBytes;
		this.readTimeout = readTimeout;
		this.bodyBudgetBytes = bodyBudgetBytes;
	}

	/** Bytes of push bodies being read or handled now. */
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

	private void release(HttpServletRequest request) {
		Object held = request.getAttribute(HELD);
		if (held instanceof Long bytes) {
			request.removeAttribute(HELD);
			this.admitted.addAndGet(-bytes);
		}
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) servletRequest;
		HttpServletResponse response = (HttpServletResponse) servletResponse;
		Object body = request.getAttribute(BODY);
		if (body instanceof byte[] bytes) {
			try {
				chain.doFilter(new JsonBody(request, bytes), response);
			}
			finally {
				// The handler parsed, decoded and routed the body on this thread; what
				// is left waiting for the store is a line, not the body.
				request.removeAttribute(BODY);
				release(request);
			}
			return;
		}
		if (!"POST".equals(request.getMethod()) || request.getDispatcherType() != DispatcherType.REQUEST) {
			chain.doFilter(request, response);
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
		request.setAttribute(HELD, expected);
		AsyncContext async = request.startAsync();
		async.setTimeout(this.readTimeout.toMillis());
		Reader reader = new Reader(async, request, response, (declared > 0) ? (int) declared : 8_192);
		async.addListener(reader);
		request.getInputStream().setReadListener(reader);
	}

	private void tooLarge(HttpServletResponse response, long size) throws IOException {
		// The rest of the body is not read: the connection is closed after the answer.
		response.setHeader("Connection", "close");
		problem(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "Request body too large",
				"the body is " + ((size >= 0) ? size + " bytes or more" : "larger than the limit") + "; at most "
						+ this.maxBodyBytes + " bytes are read. Pub/Sub never sends a push this large (a message "
						+ "is at most 10 MB), so this is not a push.");
	}

	private void busy(HttpServletResponse response) throws IOException {
		response.setHeader("Retry-After", "1");
		response.setHeader("Connection", "close");
		problem(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Busy",
				"ingest is reading as many push bodies as its memory allows; the message was not acknowledged "
						+ "and will be delivered again");
	}

	private void problem(HttpServletResponse response, int status, String title, String detail) throws IOException {
		ProblemResponses.write(response, status, title, detail);
	}

	/** Collects the body as it arrives; answers the failures itself. */
	private final class Reader implements ReadListener, AsyncListener {

		private final AsyncContext async;

		private final HttpServletRequest request;

		private final HttpServletResponse response;

		private final Buffer bytes;

		private final byte[] chunk = new byte[16_384];

		private final AtomicBoolean finished = new AtomicBoolean();

		Reader(AsyncContext async, HttpServletRequest request, HttpServletResponse response, int expected) {
			this.async = async;
			this.request = request;
			this.response = response;
			this.bytes = new Buffer(expected);
		}

		@Override
		public void onDataAvailable() throws IOException {
			ServletInputStream input = this.request.getInputStream();
			while (input.isReady() && !this.finished.get()) {
				int read = input.read(this.chunk);
				if (read < 0) {
					return;
				}
				if (this.bytes.size() + (long) read > PushBodyFilter.this.maxBodyBytes) {
					fail(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, null);
					return;
				}
				long held = (Long) this.request.getAttribute(HELD);
				long more = this.bytes.size() + (long) read - held;
				if (more > 0) {
					// No (or a short) Content-Length: the budget grows with the body.
					if (!admit(more)) {
						fail(HttpServletResponse.SC_SERVICE_UNAVAILABLE, null);
						return;
					}
					this.request.setAttribute(HELD, held + more);
				}
				this.bytes.write(this.chunk, 0, read);
			}
		}

		@Override
		public void onAllDataRead() {
			if (this.finished.compareAndSet(false, true)) {
				this.request.setAttribute(BODY, this.bytes.bytes());
				this.async.dispatch();
			}
		}

		@Override
		public void onError(Throwable error) {
			// The client went away or the connection broke: nobody to answer.
			if (this.finished.compareAndSet(false, true)) {
				log.debug("push body not received: {}", error.toString());
				release(this.request);
				this.async.complete();
			}
		}

		@Override
		public void onTimeout(AsyncEvent event) throws IOException {
			fail(HttpServletResponse.SC_REQUEST_TIMEOUT, "the body was not received within "
					+ PushBodyFilter.this.readTimeout.toMillis() + " ms; send it again");
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

		private void fail(int status, String detail) throws IOException {
			if (!this.finished.compareAndSet(false, true)) {
				return;
			}
			release(this.request);
			try {
				if (status == HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE) {
					tooLarge(this.response, PushBodyFilter.this.maxBodyBytes + 1);
				}
				else if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
					busy(this.response);
				}
				else {
					this.response.setHeader("Connection", "close");
					problem(this.response, status, "Request body too slow", detail);
				}
			}
			finally {
				this.async.complete();
			}
		}

	}

	/** A byte buffer that hands over its array when it is exactly full (no copy). */
	private static final class Buffer extends ByteArrayOutputStream {

		Buffer(int size) {
			super(size);
		}

		byte[] bytes() {
			return (this.count == this.buf.length) ? this.buf : toByteArray();
		}

	}

	/** The request with its body already read, declared as JSON. */
	private static final class JsonBody extends HttpServletRequestWrapper {

		private final byte[] body;

		JsonBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public String getContentType() {
			return "application/json";
		}

		@Override
		public String getHeader(String name) {
			return "Content-Type".equalsIgnoreCase(name) ? getContentType() : super.getHeader(name);
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream input = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return input.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return input.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return input.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("the body is already read");
				}

			};
		}

	}

}
