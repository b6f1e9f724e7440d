// Generated bottle pictures, so the shop shows an image for every perfume
// without the internet or an image bank. The REST front end serves them at
// DefaultImageUrl(id) = /images/parfums/{id}.svg.
//
// Deterministic: the same perfume always gives the same bytes (cacheable;
// use version as an ETag). The shape and colours come from the famille and
// a hash of the id; the label shows the nom and marque, XML-escaped.
//
// Pure function, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "catalog/parfum.h"

namespace parfumerie::catalog {

inline constexpr std::string_view kSvgContentType = "image/svg+xml";

std::string BottleSvg(const Parfum& parfum);

// `s` with & < > " ' replaced by XML entities.
std::string XmlEscape(std::string_view s);

}  // namespace parfumerie::catalog
