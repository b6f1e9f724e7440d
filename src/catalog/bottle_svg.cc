#include "catalog/bottle_svg.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "catalog/ids.h"
#include "catalog/text.h"

namespace parfumerie::catalog {
namespace {

constexpr int kWidth = 240;
constexpr int kHeight = 320;
constexpr size_t kMaxLabelChars = 20;

struct Palette {
  const char* liquid;
  const char* liquid_dark;
  const char* background;
};

Palette PaletteOf(Famille f) {
  switch (f) {
    case Famille::kFloral: return {"#e9a3b8", "#c76f8c", "#fbf0f3"};
    case Famille::kOriental: return {"#d4883a", "#9c5a1c", "#fbf3ea"};
    case Famille::kBoise: return {"#9a6a45", "#6b4329", "#f5efe9"};
    case Famille::kFougere: return {"#7fa05a", "#52703a", "#f1f6ec"};
    case Famille::kChypre: return {"#9c9550", "#6e6a33", "#f6f5ea"};
    case Famille::kHesperide: return {"#f4c13d", "#d2901b", "#fdf8e8"};
    case Famille::kGourmand: return {"#c27a3e", "#8d4f22", "#fbf2ea"};
    case Famille::kAromatique: return {"#8db59a", "#5a8a6a", "#eef5f0"};
    case Famille::kCuir: return {"#6b4634", "#43291d", "#f2ece8"};
    case Famille::kAquatique: return {"#5fb3d6", "#2f7fa6", "#ecf6fb"};
  }
  return {"#cccccc", "#999999", "#f5f5f5"};
}

// FNV-1a: stable across builds, so a perfume keeps its picture.
uint32_t Hash(std::string_view s) {
  uint32_t h = 2166136261u;
  for (char c : s) {
    h ^= static_cast<uint8_t>(c);
    h *= 16777619u;
  }
  return h;
}

// The glass body as an SVG path, centred on x = 120, bottom at y = 290.
std::string BodyPath(int shape, int width, int height) {
  const int cx = kWidth / 2;
  const int bottom = 290;
  const int top = bottom - height;
  const int l = cx - width / 2;
  const int r = cx + width / 2;
  switch (shape) {
    case 0:  // rounded rectangle
      return absl::StrFormat("M%d %d h%d q14 0 14 14 v%d q0 14 -14 14 h-%d q-14 0 -14 -14 v-%d q0 -14 14 -14 z",
                             l + 14, top, width - 28, height - 28, width - 28, height - 28);
    case 1:  // round flask
      return absl::StrFormat("M%d %d a%d %d 0 1 0 %d 0 a%d %d 0 1 0 -%d 0 z", l, bottom - height / 2, width / 2,
                             height / 2, width, width / 2, height / 2, width);
    case 2:  // tapered: wider at the shoulders
      return absl::StrFormat("M%d %d L%d %d L%d %d L%d %d z", l - 8, top, r + 8, top, r - 6, bottom, l + 6, bottom);
    case 3:  // hexagonal column
      return absl::StrFormat("M%d %d L%d %d L%d %d L%d %d L%d %d L%d %d z", l + 16, top, r - 16, top, r, top + 24, r,
                             bottom, l, bottom, l, top + 24);
    default:  // bell
      return absl::StrFormat("M%d %d C%d %d %d %d %d %d L%d %d C%d %d %d %d %d %d z", cx - 20, top, l - 10,
                             top + height / 3, l, bottom - 20, l, bottom, r, bottom, r, bottom - 20, r + 10,
                             top + height / 3, cx + 20, top);
  }
}

}  // namespace

std::string XmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string BottleSvg(const Parfum& p) {
  const uint32_t h = Hash(p.id);
  const Palette pal = PaletteOf(p.famille);
  const int shape = (static_cast<int>(p.famille) + static_cast<int>(h % 2)) % 5;
  const int width = 120 + static_cast<int>(h >> 3) % 40;
  const int height = 150 + static_cast<int>(h >> 9) % 40;
  const int top = 290 - height;
  const int fill_top = top + height * (15 + static_cast<int>(h >> 15) % 25) / 100;
  static constexpr const char* kCaps[] = {"#c9a646", "#b8b8c0", "#2b2b2b", "#8a6f4d"};
  const char* cap = kCaps[(h >> 20) % 4];
  const int cap_w = 36 + static_cast<int>(h >> 22) % 24;
  const int cap_h = 34 + static_cast<int>(h >> 26) % 22;
  // Element ids must be unique when several pictures are inlined in one page.
  const std::string uid = IsWellFormedId(p.id) ? p.id : absl::StrCat("h", h);
  const std::string body = BodyPath(shape, width, height);
  const std::string nom = XmlEscape(TruncateCodePoints(p.nom, kMaxLabelChars));
  const std::string marque = XmlEscape(TruncateCodePoints(p.marque, kMaxLabelChars));
  const int label_w = width - 36;
  // Shrink the text to fit the label (an average serif glyph is ~0.55 em).
  const auto fit = [&](std::string_view text, double max_size, double spacing) {
    const double chars = static_cast<double>(std::min(CountCodePoints(text).value_or(1), kMaxLabelChars + 1));
    const double size = ((label_w - 10) / std::max(chars, 1.0) - spacing) / 0.55;
    return absl::StrFormat("%.1f", std::clamp(size, 6.0, max_size));
  };
  const std::string nom_size = fit(p.nom, 14, 0);
  const std::string marque_size = fit(p.marque, 8, 1);
  const int label_y = 290 - height / 2 - 22;

  std::string svg;
  absl::StrAppend(&svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"", kWidth, "\" height=\"", kHeight,
                  "\" viewBox=\"0 0 ", kWidth, " ", kHeight, "\" role=\"img\" aria-label=\"", nom, "\">\n");
  absl::StrAppend(&svg, "<title>", nom, " — ", marque, "</title>\n");
  absl::StrAppend(&svg, "<defs>\n<clipPath id=\"body-", uid, "\"><path d=\"", body, "\"/></clipPath>\n",
                  "<linearGradient id=\"liquid-", uid, "\" x1=\"0\" y1=\"0\" x2=\"1\" y2=\"1\">",
                  "<stop offset=\"0\" stop-color=\"", pal.liquid, "\"/><stop offset=\"1\" stop-color=\"",
                  pal.liquid_dark, "\"/></linearGradient>\n</defs>\n");
  absl::StrAppend(&svg, "<rect width=\"", kWidth, "\" height=\"", kHeight, "\" fill=\"", pal.background, "\"/>\n");
  absl::StrAppend(&svg, "<ellipse cx=\"120\" cy=\"296\" rx=\"", width / 2 + 10, "\" ry=\"8\" fill=\"#000\" opacity=\"0.08\"/>\n");
  // Neck and cap.
  absl::StrAppend(&svg, "<rect x=\"", 120 - 12, "\" y=\"", top - 14, "\" width=\"24\" height=\"18\" fill=\"#e8e8ea\" stroke=\"#9a9aa2\"/>\n");
  absl::StrAppend(&svg, "<rect x=\"", 120 - cap_w / 2, "\" y=\"", top - 14 - cap_h, "\" width=\"", cap_w, "\" height=\"",
                  cap_h, "\" rx=\"", (h >> 28) % 2 ? cap_w / 2 : 4, "\" fill=\"", cap, "\"/>\n");
  // Glass, liquid, highlight.
  absl::StrAppend(&svg, "<path d=\"", body, "\" fill=\"#ffffff\" fill-opacity=\"0.55\" stroke=\"#8f8f99\" stroke-width=\"2\"/>\n");
  absl::StrAppend(&svg, "<rect x=\"0\" y=\"", fill_top, "\" width=\"", kWidth, "\" height=\"", 300 - fill_top,
                  "\" fill=\"url(#liquid-", uid, ")\" clip-path=\"url(#body-", uid, ")\" opacity=\"0.9\"/>\n");
  absl::StrAppend(&svg, "<rect x=\"", 120 - width / 2 + 14, "\" y=\"", top + 12, "\" width=\"8\" height=\"", height - 40,
                  "\" rx=\"4\" fill=\"#ffffff\" opacity=\"0.35\" clip-path=\"url(#body-", uid, ")\"/>\n");
  // Label.
  absl::StrAppend(&svg, "<rect x=\"", 120 - label_w / 2, "\" y=\"", label_y, "\" width=\"", label_w,
                  "\" height=\"44\" rx=\"3\" fill=\"#fffdf8\" stroke=\"", pal.liquid_dark, "\" stroke-width=\"1\"/>\n");
  absl::StrAppend(&svg, "<text x=\"120\" y=\"", label_y + 20, "\" text-anchor=\"middle\" font-family=\"Georgia, serif\" font-size=\"",
                  nom_size, "\" fill=\"#2b2b2b\">", nom, "</text>\n");
  absl::StrAppend(&svg, "<text x=\"120\" y=\"", label_y + 35,
                  "\" text-anchor=\"middle\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"",
                  marque_size, "\" letter-spacing=\"1\" fill=\"#6b6b6b\">", marque, "</text>\n");
  absl::StrAppend(&svg, "</svg>\n");
  return svg;
}

}  // namespace parfumerie::catalog
