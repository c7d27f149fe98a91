package io.shoplake.transform.render;

import java.util.Set;

/**
 * A model rendered for one dialect and one run.
 *
 * @param model the model's name
 * @param sql the SELECT it builds from
 * @param config its config
 * @param refs models it reads
 * @param sources sources it reads ({@code raw.events}, …)
 */
public record Compiled(String model, String sql, ModelConfig config, Set<String> refs, Set<String> sources) {
}
