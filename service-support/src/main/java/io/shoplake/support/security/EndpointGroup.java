package io.shoplake.support.security;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The groups of endpoints an allow-list is given for, the same in every service:
 * <ul>
 * <li>{@link #PUSH}: {@code POST /pubsub/push} and {@code /pubsub/push:batch}
 * (ingest);</li>
 * <li>{@link #READ}: every {@code GET}/{@code HEAD}, and {@code POST /ledger/checkpoints}
 * (transform asks the producer to keep the counts it reconciles against);</li>
 * <li>{@link #OPERATIONS}: everything else — replay, traffic control, runs and their
 * cancel.</li>
 * </ul>
 */
public enum EndpointGroup {

	/** Pub/Sub push delivery. */
	PUSH,
	/** Changing things: replay, traffic, runs. */
	OPERATIONS,
	/** Reading: dashboards, reconciliation, ledger, run history. */
	READ;

	/** The group of {@code request}. */
	public static EndpointGroup of(HttpServletRequest request) {
		String method = request.getMethod().toUpperCase(Locale.ROOT);
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (method.equals("POST") && (path.equals("/pubsub/push") || path.equals("/pubsub/push:batch"))) {
			return PUSH;
		}
		if (method.equals("GET") || method.equals("HEAD")
				|| (method.equals("POST") && path.equals("/ledger/checkpoints"))) {
			return READ;
		}
		return OPERATIONS;
	}

	/** The name in configuration and messages, e.g. {@code operations}. */
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

}
