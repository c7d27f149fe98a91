package io.shoplake.transform.project;

/**
 * The model project is wrong: a template error, an unknown ref, an undefined variable, a
 * misspelled config key, a cycle. Raised before any SQL runs, naming the file and line.
 */
public final class ProjectException extends RuntimeException {

	private final String file;

	private final int line;

	public ProjectException(String file, int line, String message) {
		super(file + ((line > 0) ? ":" + line : "") + ": " + message);
		this.file = file;
		this.line = line;
	}

	public String file() {
		return this.file;
	}

	public int line() {
		return this.line;
	}

}
