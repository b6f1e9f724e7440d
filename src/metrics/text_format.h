// The pieces of the Prometheus text exposition format 0.0.4 and of its naming
// rules: used by the registry, exposed for its tests. Not a public API.
#pragma once

#include <string>
#include <string_view>

namespace parfumerie::metrics::internal {

// `[a-z_][a-z0-9_]*`: Prometheus' name syntax minus the colons reserved for
// recording rules and the capitals the conventions rule out (snake_case).
bool IsValidMetricName(std::string_view name);
// `[a-zA-Z_][a-zA-Z0-9_]*`, not starting with "__" (reserved by Prometheus).
bool IsValidLabelName(std::string_view name);
// The unit that `name` uses where a base unit exists ("milliseconds" when
// "seconds" is the base), or empty: Prometheus wants base units.
std::string_view NonBaseUnit(std::string_view name);

// A float as Prometheus reads it: integral values without exponent or point,
// others in the shortest form that reads back exactly; "+Inf", "-Inf", "NaN".
void AppendNumber(std::string* out, double value);
// `\` → `\\`, newline → `\n`, and for label values `"` → `\"`.
void AppendEscapedHelp(std::string* out, std::string_view help);
void AppendEscapedLabelValue(std::string* out, std::string_view value);

}  // namespace parfumerie::metrics::internal
