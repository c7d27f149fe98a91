package io.shoplake.transform.warehouse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import io.shoplake.transform.render.Dialect;
import org.duckdb.DuckDBConnection;

/**
 * The embedded warehouse: one DuckDB file, one writer connection (every write holds its
 * lock), and a duplicated connection per read so API reads run beside a build.
 */
public final class DuckDbWarehouse implements Warehouse {

	private final DuckDbDialect dialect = new DuckDbDialect();

	private final DuckDBConnection writer;

	private final ReentrantLock writing = new ReentrantLock();

	public DuckDbWarehouse(Path file) {
		try {
			if (file.getParent() != null) {
				Files.createDirectories(file.getParent());
			}
			this.writer = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
			try (Statement statement = this.writer.createStatement()) {
				// No model relies on the order rows were inserted in (every order is an
				// ORDER BY), so DuckDB may write in parallel without keeping it.
				statement.execute("SET preserve_insertion_order = false");
			}
		}
		catch (SQLException | IOException ex) {
			throw new WarehouseException("cannot open DuckDB at " + file + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public Dialect dialect() {
		return this.dialect;
	}

	@Override
	public boolean exists(String name) {
		return !query("SELECT 1 FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?", 1, name)
			.isEmpty();
	}

	@Override
	public List<String> columnsOf(String name) {
		return query("SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' "
				+ "AND table_name = ? ORDER BY ordinal_position", Integer.MAX_VALUE, name)
			.stream()
			.map((row) -> (String) row.get("column_name"))
			.toList();
	}

	@Override
	public JobResult createView(Job job, String name, String sql) {
		return execute(job, "CREATE OR REPLACE VIEW " + relation(name) + " AS\n" + sql);
	}

	@Override
	public JobResult replaceTable(Job job, String name, String sql, String partitionBy) {
		// One statement: if the SELECT fails, the old table stays as it was.
		List<String> statements = new ArrayList<>();
		if (isView(name)) {
			statements.add("DROP VIEW " + relation(name));
		}
		statements.add("CREATE OR REPLACE TABLE " + relation(name) + " AS\n" + sql);
		return executeAtomically(job, statements);
	}

	private boolean isView(String name) {
		return !query("SELECT 1 FROM information_schema.tables WHERE table_name = ? AND table_type = 'VIEW'", 1, name)
			.isEmpty();
	}

	@Override
	public JobResult replacePartitions(Job job, String name, String sql, String column, Collection<LocalDate> dates) {
		if (dates.isEmpty()) {
			return JobResult.UNKNOWN;
		}
		String list = Dialect.dateList(dates);
		return executeAtomically(job,
				List.of("DELETE FROM " + relation(name) + " WHERE " + column + " IN (" + list + ")",
						"INSERT INTO " + relation(name) + " BY NAME SELECT * FROM (\n" + sql + "\n) WHERE " + column
								+ " IN (" + list + ")"));
	}

	@Override
	public JobResult executeAtomically(Job job, List<String> statements) {
		this.writing.lock();
		try {
			this.writer.setAutoCommit(false);
			try (Statement statement = this.writer.createStatement()) {
				for (String sql : statements) {
					statement.execute(sql);
				}
				this.writer.commit();
				return JobResult.UNKNOWN;
			}
			catch (SQLException | RuntimeException ex) {
				this.writer.rollback();
				throw new WarehouseException(ex.getMessage(), ex);
			}
			finally {
				this.writer.setAutoCommit(true);
			}
		}
		catch (SQLException ex) {
			throw new WarehouseException(ex.getMessage(), ex);
		}
		finally {
			this.writing.unlock();
		}
	}

	@Override
	public JobResult execute(Job job, String sql, Object... parameters) {
		this.writing.lock();
		try (PreparedStatement statement = this.writer.prepareStatement(sql)) {
			bind(statement, parameters);
			statement.execute();
			return JobResult.UNKNOWN;
		}
		catch (SQLException ex) {
			throw new WarehouseException(ex.getMessage(), ex);
		}
		finally {
			this.writing.unlock();
		}
	}

	@Override
	public List<Map<String, Object>> query(String sql, int limit, Object... parameters) {
		try (Connection reader = this.writer.duplicate(); PreparedStatement statement = reader.prepareStatement(sql)) {
			bind(statement, parameters);
			try (ResultSet result = statement.executeQuery()) {
				ResultSetMetaData meta = result.getMetaData();
				List<Map<String, Object>> rows = new ArrayList<>();
				while (rows.size() < limit && result.next()) {
					Map<String, Object> row = new LinkedHashMap<>();
					for (int i = 1; i <= meta.getColumnCount(); i++) {
						Object value = result.getObject(i);
						row.put(meta.getColumnLabel(i), (value instanceof java.sql.Date date) ? date.toLocalDate()
								: (value instanceof java.sql.Timestamp ts) ? ts.toLocalDateTime() : value);
					}
					rows.add(row);
				}
				return rows;
			}
		}
		catch (SQLException ex) {
			throw new WarehouseException(ex.getMessage(), ex);
		}
	}

	private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
		for (int i = 0; i < parameters.length; i++) {
			Object value = parameters[i];
			statement.setObject(i + 1, (value instanceof java.time.Instant instant)
					? java.time.LocalDateTime.ofInstant(instant, java.time.ZoneOffset.UTC) : value);
		}
	}

	@Override
	public void close() {
		try {
			this.writer.close();
		}
		catch (SQLException ex) {
			throw new WarehouseException(ex.getMessage(), ex);
		}
	}

}
