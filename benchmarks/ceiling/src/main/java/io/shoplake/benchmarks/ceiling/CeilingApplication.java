package io.shoplake.benchmarks.ceiling;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP ceiling of the ingest benchmark: Spring Boot's defaults and one endpoint that
 * reads the request body and answers 204 — no security, no filters, no metrics, nothing
 * stored. Ingest's own {@code POST /benchmark/noop} does the same inside ingest's stack.
 */
@SpringBootApplication
@RestController
public class CeilingApplication {

	public static void main(String[] args) {
		SpringApplication.run(CeilingApplication.class, args);
	}

	@PostMapping("/noop")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void noop(@RequestBody byte[] body) {
	}

}
