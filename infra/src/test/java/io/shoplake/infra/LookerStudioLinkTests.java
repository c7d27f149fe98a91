package io.shoplake.infra;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Looker Studio link {@code deploy/deploy.sh --looker-studio-url} prints (run with
 * bash, as a user would): a Linking API URL whose data sources are the marts, each a
 * BigQuery table of the project in the marts dataset Terraform creates, named in
 * docs/looker-studio.md.
 */
class LookerStudioLinkTests {

	private static final Path MARTS = Path.of("../transform-service/src/main/resources/transform/models/marts");

	@Test
	void theLinkOpensANewReportWithEveryMartTheGuideUsesAsABigQueryTable() throws Exception {
		URI link = URI.create(link("shop-prod-1"));
		assertThat(link.getScheme()).isEqualTo("https");
		assertThat(link.getHost()).isEqualTo("lookerstudio.google.com");
		assertThat(link.getPath()).isEqualTo("/reporting/create");
		Map<String, String> parameters = parameters(link);
		assertThat(parameters).containsEntry("r.reportName", "ShopLake (shop-prod-1)").containsEntry("c.mode", "edit");

		Map<String, Map<String, String>> sources = new TreeMap<>();
		parameters.forEach((name, value) -> {
			if (name.startsWith("ds.")) {
				String[] parts = name.split("\\.", 3);
				sources.computeIfAbsent(parts[1], (alias) -> new TreeMap<>()).put(parts[2], value);
			}
		});
		Set<String> marts;
		try (Stream<Path> models = Files.list(MARTS)) {
			marts = models.map((model) -> model.getFileName().toString().replace(".sql", ""))
				.collect(Collectors.toSet());
		}
		String guide = Files.readString(Path.of("../docs/looker-studio.md"));
		String martsDataset = "shoplake_" + "marts";
		assertThat(Files.readString(Path.of("bigquery.tf"))).contains("dataset_id    = \"shoplake_${each.key}\"",
				"marts   = ");
		Set<String> tables = new TreeSet<>();
		sources.forEach((alias, source) -> {
			assertThat(alias).matches("[a-z_]+");
			assertThat(source).as(alias)
				.containsEntry("connector", "bigQuery")
				.containsEntry("type", "TABLE")
				.containsEntry("projectId", "shop-prod-1")
				.containsEntry("billingProjectId", "shop-prod-1")
				.containsEntry("datasetId", martsDataset)
				.containsKeys("tableId", "datasourceName");
			assertThat(marts).as("a mart model builds " + source.get("tableId")).contains(source.get("tableId"));
			assertThat(guide).as("the guide explains " + source.get("tableId")).contains(source.get("tableId"));
			tables.add(source.get("tableId"));
		});
		assertThat(tables).contains("fct_daily_sales", "fct_product_daily", "dim_products", "fct_funnel_daily",
				"fct_ad_attribution", "dim_campaigns", "fct_data_quality_daily");
	}

	@Test
	void valuesAreEncodedSoAProjectCannotAddParameters() throws Exception {
		Map<String, String> parameters = parameters(URI.create(link("odd&c.reportId=x y")));
		assertThat(parameters).doesNotContainKey("c.reportId")
			.containsEntry("r.reportName", "ShopLake (odd&c.reportId=x y)")
			.containsEntry("ds.daily_sales.projectId", "odd&c.reportId=x y");
	}

	private static String link(String project) throws Exception {
		ProcessBuilder builder = new ProcessBuilder("bash", "../deploy/deploy.sh", "--looker-studio-url");
		builder.environment().put("PROJECT_ID", project);
		builder.environment().remove("LAKE_BUCKET");
		Process bash = builder.redirectErrorStream(true).start();
		String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(bash.exitValue()).as(output).isZero();
		assertThat(output.lines()).hasSize(1);
		return output;
	}

	private static Map<String, String> parameters(URI link) {
		Map<String, String> parameters = new LinkedHashMap<>();
		for (String pair : link.getRawQuery().split("&")) {
			int equals = pair.indexOf('=');
			String name = URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8);
			assertThat(parameters).as("parameter " + name + " given once").doesNotContainKey(name);
			parameters.put(name, URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
		}
		return parameters;
	}

}
