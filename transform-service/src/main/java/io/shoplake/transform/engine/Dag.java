package io.shoplake.transform.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import io.shoplake.transform.project.ProjectException;

/**
 * The models' dependency graph, from their refs: a run order in which every model comes
 * after what it reads, and selections ({@code +m} m and its ancestors, {@code m+} m and
 * its descendants, {@code tag:x}, plain names; several separated by spaces or commas).
 */
public final class Dag {

	private final Map<String, Set<String>> upstream;

	private final Map<String, Set<String>> downstream = new TreeMap<>();

	private final List<String> order;

	/**
	 * @param upstream for each model, the models it refs
	 * @throws ProjectException naming the models on a cycle
	 */
	public Dag(Map<String, Set<String>> upstream) {
		this.upstream = new TreeMap<>(upstream);
		upstream.keySet().forEach((name) -> this.downstream.put(name, new TreeSet<>()));
		upstream.forEach((name, parents) -> parents.forEach((parent) -> this.downstream.get(parent).add(name)));
		this.order = order();
	}

	/** Every model, each after everything it reads (ties by name). */
	public List<String> order() {
		if (this.order != null) {
			return this.order;
		}
		Map<String, Integer> waiting = new TreeMap<>();
		this.upstream.forEach((name, parents) -> waiting.put(name, parents.size()));
		TreeSet<String> ready = new TreeSet<>();
		waiting.forEach((name, count) -> {
			if (count == 0) {
				ready.add(name);
			}
		});
		List<String> sorted = new ArrayList<>();
		while (!ready.isEmpty()) {
			String next = ready.pollFirst();
			sorted.add(next);
			for (String child : this.downstream.get(next)) {
				if (waiting.merge(child, -1, Integer::sum) == 0) {
					ready.add(child);
				}
			}
		}
		if (sorted.size() < this.upstream.size()) {
			throw new ProjectException("models", 0, "cycle: " + String.join(" -> ", cycle()));
		}
		return List.copyOf(sorted);
	}

	public Set<String> upstreamOf(String model) {
		return this.upstream.get(model);
	}

	public Set<String> downstreamOf(String model) {
		return this.downstream.get(model);
	}

	/**
	 * The models a selection names, in run order; everything when {@code selection} is
	 * blank.
	 * @param tags each model's tags
	 */
	public List<String> select(String selection, Function<String, List<String>> tags) {
		if (selection == null || selection.isBlank()) {
			return this.order;
		}
		Set<String> chosen = new LinkedHashSet<>();
		for (String term : selection.trim().split("[\\s,]+")) {
			boolean ancestors = term.startsWith("+");
			boolean descendants = term.endsWith("+");
			String name = term.substring(ancestors ? 1 : 0, term.length() - (descendants ? 1 : 0));
			List<String> roots = new ArrayList<>();
			if (name.startsWith("tag:")) {
				String tag = name.substring(4);
				this.order.stream().filter((model) -> tags.apply(model).contains(tag)).forEach(roots::add);
			}
			else if (this.upstream.containsKey(name)) {
				roots.add(name);
			}
			else {
				throw new IllegalArgumentException("selection '" + term + "': no model '" + name + "'");
			}
			for (String root : roots) {
				chosen.add(root);
				if (ancestors) {
					chosen.addAll(closure(root, this.upstream));
				}
				if (descendants) {
					chosen.addAll(closure(root, this.downstream));
				}
			}
		}
		return this.order.stream().filter(chosen::contains).toList();
	}

	private static Set<String> closure(String start, Map<String, Set<String>> edges) {
		Set<String> seen = new LinkedHashSet<>();
		Deque<String> todo = new ArrayDeque<>(edges.get(start));
		while (!todo.isEmpty()) {
			String next = todo.pop();
			if (seen.add(next)) {
				todo.addAll(edges.get(next));
			}
		}
		return seen;
	}

	/** One cycle, for the error message. */
	private List<String> cycle() {
		for (String start : this.upstream.keySet()) {
			List<String> path = new ArrayList<>();
			if (findCycle(start, start, path, new TreeSet<>())) {
				path.add(0, start);
				return path;
			}
		}
		return List.of("?");
	}

	private boolean findCycle(String start, String at, List<String> path, Set<String> seen) {
		for (String parent : this.upstream.get(at)) {
			if (parent.equals(start)) {
				path.add(parent);
				return true;
			}
			if (seen.add(parent)) {
				path.add(parent);
				if (findCycle(start, parent, path, seen)) {
					return true;
				}
				path.remove(path.size() - 1);
			}
		}
		return false;
	}

}
