// Limits against abusive documents. Each has a default meant for a public
// endpoint; 0 disables a limit. Error messages name the limit that refused the
// document (for example "max_tokens") so that operators know what to raise.
#pragma once

#include <cstddef>

namespace parfumerie::graphql {

struct Limits {
  // The limits graphql-js itself has (and the parser's own protections); the
  // others off. graphql-exec and the conformance tests use this.
  static Limits GraphqlJsCompatible() {
    Limits l;
    l.max_selection_depth = 0;
    l.max_aliases = 0;
    l.max_directives_per_location = 0;
    l.max_cost = 0;
    return l;
  }

  size_t max_source_length = 1 << 20;   // Bytes of a document.
  size_t max_tokens = 100000;           // Lexical tokens of a document.
  size_t max_parser_depth = 200;        // Nesting of selections, values and types while parsing.
  size_t max_fragment_depth = 100;      // Fragment spreads inside fragments inside ... (checked first,
                                        // so no later pass recurses deeper; graphql-js has none and overflows).
  size_t max_selection_depth = 24;      // Field nesting of an operation (fragments expanded).
  size_t max_aliases = 64;              // Aliased fields per operation.
  size_t max_directives_per_location = 16;  // Directives on one node.
  size_t max_cost = 10000;              // Field selections of an operation, fragments expanded, 1 each.
  size_t max_merge_comparisons = 500000;  // Work budget of OverlappingFieldsCanBeMerged (graphql-js: 500000).
  size_t max_errors = 100;              // Validation errors before validation stops.
  bool introspection = true;            // When false, __schema and __type are refused.
};

}  // namespace parfumerie::graphql
