#include "catalog/demo_data.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "common/log.h"

namespace parfumerie::catalog {
namespace {

struct Entry {
  const char* nom;
  const char* marque;
  Famille famille;
  Genre genre;
  int32_t contenance_ml;
  int64_t prix_cents;
  int32_t stock;
  const char* tete;  // notes, comma-separated
  const char* coeur;
  const char* fond;
  const char* description;
};

constexpr Famille F = Famille::kFloral, O = Famille::kOriental, B = Famille::kBoise, FG = Famille::kFougere,
                  CH = Famille::kChypre, H = Famille::kHesperide, G = Famille::kGourmand, A = Famille::kAromatique,
                  C = Famille::kCuir, AQ = Famille::kAquatique;
constexpr Genre FEM = Genre::kFeminin, MAS = Genre::kMasculin, MIX = Genre::kMixte;

// Houses (all invented): Maison Aubépine, Atelier Solène, Comptoir des Alizés,
// Bastide Oriane, Orfèvres de Grasse, Les Jardins d'Isaure, Cabinet Ambroisie,
// Ferréol & Fils, Nuit Céleste.
constexpr Entry kEntries[] = {
    {"Pivoine de Minuit", "Maison Aubépine", F, FEM, 50, 8900, 24, "Litchi, Bergamote", "Pivoine, Rose de Mai",
     "Musc blanc, Cèdre", "Une pivoine cueillie à la nuit tombée, fraîche et veloutée, posée sur un lit de muscs."},
    {"Cèdre Minuit", "Ferréol & Fils", B, MAS, 100, 12500, 18, "Poivre noir, Cardamome", "Cèdre de l'Atlas, Iris",
     "Vétiver, Ambre gris", "Un bois sec et lumineux, relevé d'épices, pour les soirées qui s'étirent."},
    {"Écorce Blonde", "Atelier Solène", B, MIX, 75, 14800, 9, "Bergamote, Baies roses", "Bois de santal, Lait de figue",
     "Cachemire, Fève tonka", "La chaleur crémeuse du santal, adoucie d'une figue laiteuse."},
    {"Sel d'Ouessant", "Comptoir des Alizés", AQ, MIX, 100, 7900, 40, "Sel marin, Citron vert", "Algue, Sauge sclarée",
     "Bois flotté, Ambrette", "Les embruns d'une île du Ponant, la peau salée après la baignade."},
    {"Ambre des Caravanes", "Bastide Oriane", O, MIX, 50, 16500, 6, "Safran, Cannelle", "Ciste labdanum, Rose de Damas",
     "Benjoin, Vanille de Madagascar, Oud", "Un ambre profond et résineux, souvenir de route de la soie."},
    {"Néroli Matinal", "Orfèvres de Grasse", H, MIX, 100, 6900, 55, "Néroli, Petit-grain, Mandarine",
     "Fleur d'oranger", "Musc blanc", "Le verger d'orangers au lever du jour, pétillant et propre."},
    {"Iris Poudré d'Aube", "Les Jardins d'Isaure", F, FEM, 50, 18900, 3, "Aldéhydes, Carotte",
     "Iris pallida, Violette", "Ambrette, Bois de gaïac", "Un iris argenté et poudré, d'une élégance presque froide."},
    {"Cuir Fauve", "Cabinet Ambroisie", C, MAS, 100, 21000, 0, "Safran, Framboise", "Cuir, Ciste",
     "Bouleau, Patchouli", "Le cuir souple d'une selle ancienne, fumé de bouleau et adouci de fruits rouges."},
    {"Figue Solaire", "Maison Aubépine", F, MIX, 30, 4500, 32, "Feuille de figuier, Cassis", "Figue, Noix de coco",
     "Bois de cèdre", "L'ombre d'un figuier en plein été, verte et lactée."},
    {"Lavande Cendrée", "Ferréol & Fils", FG, MAS, 100, 8500, 27, "Lavande de Haute-Provence, Bergamote",
     "Géranium, Sauge", "Fève tonka, Mousse de chêne", "Une fougère classique, la lavande fumée comme un feu de sarments."},
    {"Vanille Noire de Nosy Be", "Nuit Céleste", G, MIX, 50, 11900, 14, "Rhum, Poivre rose", "Vanille bourbon, Tabac blond",
     "Benjoin, Fève tonka", "Une vanille sombre et boisée, loin des sucreries, rehaussée d'un trait de rhum."},
    {"Thé des Collines", "Atelier Solène", A, MIX, 75, 9200, 21, "Thé vert, Citron", "Maté, Jasmin sambac",
     "Musc, Bois de hinoki", "Une cérémonie du thé, calme et transparente."},
    {"Rose Rubis", "Les Jardins d'Isaure", F, FEM, 50, 13500, 11, "Poivre rose, Framboise", "Rose turque, Géranium",
     "Patchouli, Ambre", "Une rose éclatante et fruitée, portée par un patchouli moelleux."},
    {"Mousse de Sous-Bois", "Orfèvres de Grasse", CH, MIX, 100, 15800, 7, "Bergamote, Galbanum", "Rose, Jasmin",
     "Mousse de chêne, Patchouli, Labdanum", "Un chypre moussu comme une forêt après l'averse."},
    {"Cédrat Vif", "Comptoir des Alizés", H, MAS, 100, 5900, 48, "Cédrat, Pamplemousse, Gingembre", "Menthe, Basilic",
     "Vétiver", "Un éclat d'agrumes à la fois amer et tonique, parfait pour l'été."},
    {"Jasmin de Nuit", "Nuit Céleste", F, FEM, 50, 14200, 2, "Mandarine", "Jasmin grandiflorum, Tubéreuse",
     "Santal, Musc", "Le jasmin qui s'ouvre à la tombée du jour, capiteux et solaire."},
    {"Encens des Cimes", "Bastide Oriane", B, MIX, 50, 17500, 5, "Encens, Poivre noir", "Myrrhe, Iris",
     "Cèdre, Ambre gris", "Une église de montagne, pierre froide et volutes d'oliban."},
    {"Tabac Doré", "Ferréol & Fils", O, MAS, 100, 13900, 16, "Cannelle, Clou de girofle", "Feuille de tabac, Miel",
     "Vanille, Fève tonka, Cuir", "Un tabac miellé et chaleureux, comme un salon de lecture l'hiver."},
    {"Brise d'Étretat", "Comptoir des Alizés", AQ, MAS, 100, 6500, 35, "Notes marines, Menthe poivrée",
     "Romarin, Lavande", "Ambroxan, Bois flotté", "Le vent sur les falaises, l'air vif et minéral."},
    {"Praline Givrée", "Maison Aubépine", G, FEM, 30, 3900, 60, "Poire, Bergamote", "Praline, Fleur d'oranger",
     "Vanille, Caramel, Musc", "Une gourmandise lumineuse : praliné croquant et poire juteuse."},
    {"Osmanthus Sauvage", "Les Jardins d'Isaure", F, MIX, 75, 16900, 8, "Abricot, Thé noir", "Osmanthus, Cuir daim",
     "Bois de santal", "L'osmanthus abricoté, soyeux comme une peau de daim."},
    {"Vétiver Fumé", "Cabinet Ambroisie", B, MAS, 100, 14500, 12, "Pamplemousse, Poivre", "Vétiver d'Haïti, Cade",
     "Cèdre, Encens", "Un vétiver terreux et fumé, racines et feu de bois."},
    {"Verveine Fraîche", "Orfèvres de Grasse", H, MIX, 100, 5500, 44, "Verveine, Citron de Menton", "Feuille de menthe",
     "Musc blanc, Cèdre", "La citronnade du jardin, pétillante et herbacée."},
    {"Mimosa d'Hiver", "Maison Aubépine", F, FEM, 50, 9800, 19, "Bergamote, Amande", "Mimosa, Héliotrope",
     "Musc, Bois de santal", "Le mimosa de février, boules jaunes et douceur poudrée."},
    {"Oud Céleste", "Nuit Céleste", O, MIX, 50, 32000, 1, "Safran, Rose", "Oud, Encens", "Patchouli, Ambre, Cuir",
     "Un oud précieux et ombré, adouci de rose et de safran. Édition limitée."},
    {"Genévrier des Causses", "Ferréol & Fils", A, MAS, 75, 8800, 23, "Baies de genièvre, Citron", "Thym, Romarin",
     "Cyprès, Mousse", "Les plateaux calcaires, le genévrier chauffé au soleil."},
    {"Tubéreuse Insolente", "Les Jardins d'Isaure", F, FEM, 75, 19500, 4, "Noix de coco, Poivre vert",
     "Tubéreuse, Jasmin", "Vanille, Benjoin", "Une tubéreuse crémeuse et théâtrale, sans excuse."},
    {"Cuir d'Ébène", "Bastide Oriane", C, MAS, 100, 23500, 0, "Cardamome, Poivre noir", "Cuir, Violette",
     "Ébène, Vétiver, Labdanum", "Un cuir noir et feutré, élégant comme un gant de soirée."},
    {"Agrumes de Sicile", "Comptoir des Alizés", H, MIX, 100, 4900, 58, "Orange sanguine, Citron, Bergamote",
     "Fleur de citronnier", "Ambrette", "Une cascade d'agrumes siciliens, éclatante et joyeuse."},
    {"Fougère des Landes", "Orfèvres de Grasse", FG, MAS, 100, 9900, 26, "Bergamote, Lavande",
     "Géranium, Coumarine", "Mousse de chêne, Musc", "La fougère revisitée : aromatique, savonneuse et boisée."},
    {"Cerise Noire", "Nuit Céleste", G, FEM, 50, 10500, 13, "Cerise griotte, Amande amère", "Rose, Héliotrope",
     "Vanille, Bois de gaïac", "Une cerise noire et amandée, gourmande mais sombre."},
    {"Sapin Blanc", "Atelier Solène", B, MIX, 50, 9500, 17, "Aiguilles de pin, Baies de genièvre", "Sapin baumier, Encens",
     "Résine, Musc", "La forêt des Vosges sous la neige, résineuse et apaisante."},
    {"Magnolia Pluvieux", "Les Jardins d'Isaure", F, FEM, 100, 11200, 22, "Citron, Pluie", "Magnolia, Muguet",
     "Musc blanc, Bois clair", "Un magnolia mouillé de pluie, frais et translucide."},
    {"Bergamote Éternelle", "Maison Aubépine", H, MIX, 75, 7200, 30, "Bergamote de Calabre, Pamplemousse", "Néroli",
     "Vétiver, Musc", "L'agrume qui dure : une bergamote tenue par un vétiver clair."},
    {"Santal Laiteux", "Cabinet Ambroisie", B, MIX, 75, 18500, 10, "Cardamome, Violette", "Santal de Mysore, Iris",
     "Cèdre, Cuir daim", "Un santal crémeux et doux, comme une étoffe chaude."},
    {"Nuit d'Orage", "Nuit Céleste", AQ, MAS, 100, 8900, 0, "Ozone, Poivre", "Lavande, Géranium",
     "Ambre gris, Patchouli", "L'électricité avant l'orage, l'air chargé de pluie et de terre."},
    {"Rhubarbe Acidulée", "Comptoir des Alizés", H, FEM, 50, 5800, 37, "Rhubarbe, Pamplemousse rose",
     "Rose, Pivoine", "Musc", "Une rhubarbe croquante et rosée, pleine d'humour."},
    {"Patchouli Velours", "Bastide Oriane", CH, MIX, 50, 12900, 15, "Orange, Poivre rose", "Patchouli, Rose",
     "Vanille, Labdanum", "Un patchouli velouté et chocolaté, loin des clichés."},
    {"Thym et Pierre", "Ferréol & Fils", A, MAS, 50, 7600, 29, "Thym, Sauge", "Lavande, Romarin",
     "Pierre chaude, Cèdre", "La garrigue à midi, les herbes qui craquent sous les pas."},
    {"Violette Givrée", "Les Jardins d'Isaure", F, FEM, 30, 6200, 2, "Feuille de violette, Poire", "Violette, Iris",
     "Musc, Bois", "Une violette fraîche et poudrée, comme un bonbon d'antan."},
    {"Café Noisette", "Maison Aubépine", G, MIX, 50, 8400, 20, "Café arabica, Cardamome", "Noisette, Iris",
     "Vanille, Fève tonka", "Un café crème à la terrasse, noisette grillée et vanille."},
    {"Ambre Blanc de Lune", "Nuit Céleste", O, FEM, 75, 15400, 9, "Mandarine, Aldéhydes", "Jasmin, Fleur de lotus",
     "Ambre blanc, Musc, Vanille", "Un ambre pâle et lumineux, clair de lune sur la peau."},
    {"Bouleau Sauvage", "Cabinet Ambroisie", C, MIX, 100, 19900, 5, "Bergamote, Genièvre", "Bouleau, Iris",
     "Cuir, Mousse", "Une écorce de bouleau fumée, un cuir presque végétal."},
    {"Citron Gingembre", "Orfèvres de Grasse", H, MIX, 100, 3500, 52, "Citron, Gingembre", "Thé blanc",
     "Musc blanc", "Une eau fraîche et piquante, l'énergie du matin."},
    {"Fleur de Sel et Iris", "Atelier Solène", AQ, FEM, 50, 10900, 12, "Sel marin, Bergamote", "Iris, Jasmin",
     "Ambrette, Bois flotté", "Un iris iodé, la douceur poudrée au bord de la mer."},
    {"Cardamome Impériale", "Bastide Oriane", O, MAS, 100, 17900, 7, "Cardamome, Bergamote", "Cannelle, Cuir",
     "Oud, Ambre, Vanille", "Des épices précieuses sur un fond d'ambre et de cuir."},
    {"Muguet des Bois", "Maison Aubépine", F, FEM, 50, 7400, 33, "Feuilles vertes, Citron", "Muguet, Lilas",
     "Musc, Mousse", "Le premier mai en forêt, clochettes blanches et rosée."},
    {"Basilic Écrasé", "Comptoir des Alizés", A, MIX, 75, 6800, 25, "Basilic, Citron vert", "Tomate verte, Menthe",
     "Vétiver", "Un basilic froissé entre les doigts, vert et vivant."},
    {"Chypre de Soie", "Orfèvres de Grasse", CH, FEM, 50, 16200, 6, "Bergamote, Mandarine", "Rose, Jasmin, Iris",
     "Mousse de chêne, Patchouli, Musc", "Un chypre floral et soyeux, élégance d'une autre époque."},
    {"Miel de Lavande", "Ferréol & Fils", G, MIX, 50, 9100, 18, "Lavande, Bergamote", "Miel, Fleur d'oranger",
     "Cire d'abeille, Fève tonka", "Une lavande ensoleillée, nappée de miel doré."},
    {"Poivre Rose Absolu", "Atelier Solène", B, MIX, 100, 13200, 14, "Poivre rose, Pamplemousse", "Cèdre, Iris",
     "Vétiver, Ambrette", "Un bois vibrant, pétillant de poivre rose."},
    {"Gardénia Lunaire", "Nuit Céleste", F, FEM, 75, 24500, 3, "Poire, Mandarine", "Gardénia, Tubéreuse",
     "Santal, Musc, Vanille", "Un gardénia lacté et nocturne, opulent et doux."},
    {"Embruns de Ré", "Comptoir des Alizés", AQ, MIX, 30, 4200, 41, "Notes marines, Bergamote", "Immortelle, Sel",
     "Bois flotté, Musc", "Une balade à vélo sur l'île, marais salants et immortelle."},
};

std::vector<std::string> Split(const char* notes) {
  std::vector<std::string> out;
  for (absl::string_view note : absl::StrSplit(notes, ',', absl::SkipWhitespace())) {
    out.emplace_back(absl::StripAsciiWhitespace(note));
  }
  return out;
}

std::vector<ParfumDraft> Build() {
  std::vector<ParfumDraft> drafts;
  for (const Entry& e : kEntries) {
    ParfumDraft d;
    d.nom = e.nom;
    d.marque = e.marque;
    d.famille = e.famille;
    d.genre = e.genre;
    d.contenance_ml = e.contenance_ml;
    d.prix_cents = e.prix_cents;
    d.stock = e.stock;
    d.notes = Notes{Split(e.tete), Split(e.coeur), Split(e.fond)};
    d.description = e.description;
    drafts.push_back(std::move(d));
  }
  return drafts;
}

}  // namespace

const std::vector<ParfumDraft>& DemoParfums() {
  static const std::vector<ParfumDraft> drafts = Build();
  return drafts;
}

absl::Status SeedDemoData(CatalogService& service) {
  ListQuery any;
  any.limit = 1;
  absl::StatusOr<ParfumPage> page = service.List(any);
  if (!page.ok()) return page.status();
  if (page->total > 0) return absl::OkStatus();
  for (const ParfumDraft& draft : DemoParfums()) {
    absl::StatusOr<Parfum> p = service.Create(draft);
    if (!p.ok()) return p.status();
  }
  log::Get("catalog")->info("loaded {} demo perfumes", DemoParfums().size());
  return absl::OkStatus();
}

}  // namespace parfumerie::catalog
