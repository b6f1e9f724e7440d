#include "delivery/delivery_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/log.h"
#include "delivery/delivery_events.h"
#include "delivery/list_cursor.h"

namespace parfumerie::delivery {
namespace {

Timestamp TruncateToMillis(Timestamp t) { return std::chrono::floor<std::chrono::milliseconds>(t); }

absl::Status CheckId(std::string_view field, std::string_view id) {
  if (IsWellFormedId(id)) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      std::string(field), ": not a valid id (1 to ", kMaxIdLength, " characters of A-Z, a-z, 0-9, _ and -)"));
}

// Multi-byte UTF-8 is allowed (accents); control characters and malformed
// sequences are not, since the text ends up in pages and logs.
bool IsCleanUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    int extra = 0;
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) return false;
    } else if ((c & 0xe0) == 0xc0 && c >= 0xc2) {
      extra = 1;
    } else if ((c & 0xf0) == 0xe0) {
      extra = 2;
    } else if ((c & 0xf8) == 0xf0 && c <= 0xf4) {
      extra = 3;
    } else {
      return false;
    }
    if (i + extra >= s.size() && extra > 0) return false;  // truncated sequence
    for (int k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    }
    i += 1 + extra;
  }
  return true;
}

absl::Status CheckText(std::string_view field, std::string_view value, size_t max_bytes) {
  if (value.size() > max_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(field), ": at most ", max_bytes, " bytes"));
  }
  if (!IsCleanUtf8(value)) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(field), ": must be UTF-8 text without control characters"));
  }
  return absl::OkStatus();
}

absl::Status CheckEventContext(const EventContext& ctx) {
  if (ctx.message_id.empty()) {
    return absl::InvalidArgumentError("ce_id: missing; every event must carry its CloudEvents id");
  }
  return absl::OkStatus();
}

// The W3C traceparent of the request being served, so the events an operator
// call causes join its trace.
std::string CurrentTraceparent() {
  const log::Context& ctx = log::CurrentContext();
  if (ctx.trace_id.size() != 32 || ctx.span_id.size() != 16) return {};
  return absl::StrCat("00-", ctx.trace_id, "-", ctx.span_id, "-01");
}

absl::Status VersionConflict(int64_t expected, int64_t current) {
  return absl::AbortedError(absl::StrCat("version: expected ", expected, " but the delivery is at version ",
                                         current, "; read it again and retry"));
}

}  // namespace

DeliveryService::DeliveryService(DeliveryStore& store, DeliveryServiceOptions options)
    : store_(store),
      options_(std::move(options)),
      finished_((options_.metrics != nullptr ? *options_.metrics : metrics::Registry::Default())
                    .AddCounter({.name = "deliveries_finished_total",
                                 .help = "Deliveries that reached an end: delivered (LIVREE) or failed (ECHEC).",
                                 .labels = {"outcome"}})) {
  if (!options_.clock) options_.clock = [] { return std::chrono::system_clock::now(); };
  if (!options_.new_id) options_.new_id = [] { return NewRandomId("liv_"); };
}

Timestamp DeliveryService::Now() const { return TruncateToMillis(options_.clock()); }

void DeliveryService::Notify() const {
  std::function<void()> notify;
  {
    std::lock_guard lock(notify_mu_);
    notify = options_.on_outbox_write;
  }
  if (notify) notify();
}

void DeliveryService::SetOnOutboxWrite(std::function<void()> on_outbox_write) {
  std::lock_guard lock(notify_mu_);
  options_.on_outbox_write = std::move(on_outbox_write);
}

absl::StatusOr<Livraison> DeliveryService::Get(std::string_view id) {
  if (absl::Status s = CheckId("id", id); !s.ok()) return s;
  return store_.Get(id);
}

absl::StatusOr<Livraison> DeliveryService::GetForOrder(std::string_view commande_id) {
  if (absl::Status s = CheckId("commande_id", commande_id); !s.ok()) return s;
  return store_.GetForOrder(commande_id);
}

absl::StatusOr<LivraisonPage> DeliveryService::List(const ListQuery& query) {
  if (query.page_size < 0 || query.page_size > kMaxPageSize) {
    return absl::InvalidArgumentError(absl::StrCat("page_size: must be between 0 and ", kMaxPageSize));
  }
  ListFilter filter;
  filter.statut = query.statut;
  filter.limit = query.page_size == 0 ? kDefaultPageSize : query.page_size;
  if (!query.page_token.empty()) {
    absl::StatusOr<ListPosition> after = DecodePageToken(query.statut, query.page_token);
    if (!after.ok()) return after.status();
    filter.after = *std::move(after);
  }
  absl::StatusOr<StoredPage> stored = store_.List(filter);
  if (!stored.ok()) return stored.status();
  LivraisonPage page;
  page.total = stored->total;
  page.items = std::move(stored->items);
  if (stored->more && !page.items.empty()) {
    page.next_page_token = EncodePageToken(query.statut, {page.items.back().cree_le, page.items.back().id});
  }
  return page;
}

absl::StatusOr<Livraison> DeliveryService::Change(Livraison current, std::optional<int64_t> expected_version,
                                                  const StepFn& make_step, const std::optional<InboxMark>& inbox,
                                                  const std::string& traceparent) {
  for (int attempt = 0;; ++attempt) {
    if (expected_version && *expected_version != current.version) {
      return VersionConflict(*expected_version, current.version);
    }
    absl::StatusOr<Livraison> next = ApplyStep(current, make_step(current));
    if (!next.ok()) return next.status();
    absl::StatusOr<bool> written =
        store_.Update(*next, current.version, MakeStatusChangedEvent(*next, traceparent), inbox);
    if (written.ok()) {
      if (!*written) return store_.Get(current.id);  // a redelivered message: already applied
      Notify();
      log::Get("delivery")->info("delivery {} of order {}: {} -> {}", next->id, next->commande_id,
                                 StatutName(current.statut), StatutName(next->statut));
      if (next->statut != current.statut && next->statut == Statut::kLivree) finished_.Labels({"delivered"}).Inc();
      if (next->statut != current.statut && next->statut == Statut::kEchec) finished_.Labels({"failed"}).Inc();
      return next;
    }
    if (!absl::IsAborted(written.status()) || expected_version || attempt >= options_.max_conflict_retries) {
      return written.status();
    }
    absl::StatusOr<Livraison> reread = store_.Get(current.id);
    if (!reread.ok()) return reread.status();
    current = *std::move(reread);
  }
}

absl::StatusOr<Livraison> DeliveryService::Advance(std::string_view id, std::optional<int64_t> expected_version,
                                                   std::string lieu, std::string commentaire) {
  if (absl::Status s = CheckId("id", id); !s.ok()) return s;
  if (absl::Status s = CheckText("lieu", lieu, kMaxLieuBytes); !s.ok()) return s;
  if (absl::Status s = CheckText("commentaire", commentaire, kMaxCommentaireBytes); !s.ok()) return s;
  absl::StatusOr<Livraison> current = store_.Get(id);
  if (!current.ok()) return current.status();
  const Timestamp now = Now();
  return Change(
      *std::move(current), expected_version,
      [&](const Livraison& l) {
        // A final delivery has no next step: asking for its own state makes
        // ApplyStep refuse with the message naming it.
        return MakeStep(l, NextStatut(l.statut).value_or(l.statut), now, lieu, commentaire);
      },
      std::nullopt, CurrentTraceparent());
}

absl::StatusOr<Livraison> DeliveryService::Fail(std::string_view id, std::optional<int64_t> expected_version,
                                                std::string raison) {
  if (absl::Status s = CheckId("id", id); !s.ok()) return s;
  if (raison.find_first_not_of(' ') == std::string::npos) {
    return absl::InvalidArgumentError("raison: must not be empty; say why the delivery failed");
  }
  if (absl::Status s = CheckText("raison", raison, kMaxCommentaireBytes); !s.ok()) return s;
  absl::StatusOr<Livraison> current = store_.Get(id);
  if (!current.ok()) return current.status();
  const Timestamp now = Now();
  return Change(
      *std::move(current), expected_version,
      [&](const Livraison& l) { return MakeStep(l, Statut::kEchec, now, "", raison); }, std::nullopt,
      CurrentTraceparent());
}

absl::Status DeliveryService::OnOrderPaid(const OrderPaid& event, const EventContext& ctx) {
  if (absl::Status s = CheckEventContext(ctx); !s.ok()) return s;
  if (absl::Status s = CheckId("commande_id", event.commande_id); !s.ok()) return s;
  Livraison l = NewLivraison(options_.new_id(), event.commande_id, event.adresse, Now());
  absl::StatusOr<bool> written = store_.Create(l, MakeStatusChangedEvent(l, ctx.traceparent),
                                               InboxMark{std::string(kInboxConsumer), ctx.message_id});
  if (absl::IsAlreadyExists(written.status())) {
    log::Get("delivery")->info("order {} already has its delivery; event {} changes nothing", event.commande_id,
                               ctx.message_id);
    return absl::OkStatus();
  }
  if (absl::IsFailedPrecondition(written.status())) {
    log::Get("delivery")->warn("order {} was cancelled before its delivery; event {} creates none",
                               event.commande_id, ctx.message_id);
    return absl::OkStatus();
  }
  if (!written.ok()) return written.status();
  if (*written) {
    Notify();
    log::Get("delivery")->info("delivery {} created for order {} ({} {})", l.id, l.commande_id, l.transporteur,
                               l.numero_suivi);
  }
  return absl::OkStatus();
}

absl::Status DeliveryService::OnOrderCancelled(const OrderCancelled& event, const EventContext& ctx) {
  if (absl::Status s = CheckEventContext(ctx); !s.ok()) return s;
  if (absl::Status s = CheckId("commande_id", event.commande_id); !s.ok()) return s;
  absl::StatusOr<Livraison> current = store_.GetForOrder(event.commande_id);
  if (absl::IsNotFound(current.status())) {
    // Cancelled before it was paid, or its OrderPaid has not come (it may
    // have been dead-lettered and be replayed later): a tombstone, so that
    // no delivery is ever created for it.
    return store_.RecordCancellation(event.commande_id, event.raison);
  }
  if (!current.ok()) return current.status();
  if (IsFinal(current->statut)) {
    if (current->statut == Statut::kLivree) {
      log::Get("delivery")->warn("order {} cancelled but its delivery {} is already LIVREE; left as is",
                                 event.commande_id, current->id);
    }
    return absl::OkStatus();
  }
  const Timestamp now = Now();
  const std::string raison = event.raison.empty() ? std::string("sans motif") : event.raison;
  absl::StatusOr<Livraison> changed = Change(
      *std::move(current), std::nullopt,
      [&](const Livraison& l) {
        const std::string commentaire =
            l.statut == Statut::kEnPreparation
                ? absl::StrCat("Commande annulée (", raison, ") : colis non expédié")
                : absl::StrCat("Commande annulée (", raison, ") : colis retourné à l'expéditeur");
        return MakeStep(l, Statut::kEchec, now, "", commentaire);
      },
      InboxMark{std::string(kInboxConsumer), ctx.message_id}, ctx.traceparent);
  // Delivered or failed in the meantime: nothing left to stop.
  if (absl::IsFailedPrecondition(changed.status())) return absl::OkStatus();
  return changed.status();
}

}  // namespace parfumerie::delivery
