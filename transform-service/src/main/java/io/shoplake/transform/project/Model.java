package io.shoplake.transform.project;

import java.util.List;

/**
 * One model of the project: a SQL template and what its yml says about it.
 *
 * @param name the model's name (its file name), also the name of what it builds
 * @param file the template's path in the project, for errors
 * @param template the Jinja SQL template
 * @param description from the yml
 * @param columns documented columns, from the yml
 * @param tests data tests, from the yml
 */
public record Model(String name, String file, String template, String description, List<Column> columns,
		List<DataTest> tests) {

	/**
	 * A documented column.
	 *
	 * @param name column name
	 * @param description what it holds
	 */
	public record Column(String name, String description) {
	}

}
