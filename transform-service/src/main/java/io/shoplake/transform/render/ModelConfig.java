package io.shoplake.transform.render;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a model's {@code {{ config(...) }}} declares.
 *
 * @param materialized {@code view}, {@code table} or {@code incremental}
 * @param partitionBy the DATE column an incremental model is replaced by
 * @param uniqueKey the column that identifies a row (tested unique)
 * @param tags for selection ({@code tag:x})
 * @param lookback for an incremental model, how many days before each touched date are
 * rebuilt too (a session that starts before midnight and ends after it)
 */
public record ModelConfig(String materialized, String partitionBy, String uniqueKey, List<String> tags, int lookback) {

	/** The keys {@code config()} accepts. */
	public static final Set<String> KEYS = Set.of("materialized", "partition_by", "unique_key", "tags", "lookback");

	static final Set<String> MATERIALIZATIONS = Set.of("view", "table", "incremental");

	static ModelConfig of(Map<String, Object> values) {
		Object tags = values.get("tags");
		List<String> tagList = (tags instanceof List<?> list) ? list.stream().map(String::valueOf).toList()
				: (tags != null) ? List.of(String.valueOf(tags)) : List.of();
		return new ModelConfig(String.valueOf(values.getOrDefault("materialized", "view")),
				(String) values.get("partition_by"), (String) values.get("unique_key"), tagList,
				((Number) values.getOrDefault("lookback", 0)).intValue());
	}

	public boolean incremental() {
		return "incremental".equals(this.materialized);
	}

}
