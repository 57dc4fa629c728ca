#include "stream/jsonl_decoder.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace chorus::stream {
namespace {

static_assert(Decoder::kRecordPadding >= kPostJsonPadding);

// Whether the bytes "op" (with their quotes) occur in `record`: a key "op" always does, and an
// escaped quote inside a string never makes them. Most records have no "op", so this scans
// whole records: sixteen byte pairs at a time for an 'o' followed by a 'p'.
bool mentions_op(std::string_view record) {
  constexpr std::string_view kKey = "\"op\"";
  size_t i = 0;
#if defined(__SSE2__)
  const char* p = record.data();
  const __m128i o = _mm_set1_epi8('o'), pp = _mm_set1_epi8('p');
  for (; i + 17 <= record.size(); i += 16) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 1));
    auto pairs = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, o), _mm_cmpeq_epi8(b, pp))));
    for (; pairs != 0; pairs &= pairs - 1) {
      const size_t at = i + static_cast<size_t>(__builtin_ctz(pairs));  // the 'o'
      if (at > 0 && at + 2 < record.size() && p[at - 1] == '"' && p[at + 2] == '"') return true;
    }
  }
  i = i > 0 ? i - 1 : 0;  // the rest, with the quote before an 'o' at i
#endif
  return record.find(kKey, i) != std::string_view::npos;
}

}  // namespace

Status JsonlDecoder::read_op(std::string_view record, EventKind* kind, std::string* delete_id) {
  *kind = EventKind::kPost;
  if (!mentions_op(record)) return Status::ok();
  CHORUS_ASSIGN_OR_RETURN(element root, dom_.parse(record));
  object obj;
  if (root.get_object().get(obj)) return invalid_argument("expected a JSON object");
  std::string_view op;
  CHORUS_RETURN_IF_ERROR(get_string_view(obj, "op", "op", &op));
  if (op.empty() || op == "post") return Status::ok();
  if (op == "edit") {
    *kind = EventKind::kEdit;
    return Status::ok();
  }
  if (op != "delete")
    return invalid_argument("op: unknown '" + std::string(op) + "' (post, edit or delete)");
  *kind = EventKind::kDelete;
  return get_string(obj, "id", "id", delete_id);
}

Status JsonlDecoder::decode(std::string_view record, DecodeOutput* out) {
  return decode_record(record, /*padded=*/false, out);
}

Status JsonlDecoder::decode_padded(std::string_view record, DecodeOutput* out) {
  return decode_record(record, /*padded=*/true, out);
}

Status JsonlDecoder::decode_record(std::string_view record, bool padded, DecodeOutput* out) {
  EventKind kind;
  std::string delete_id;
  CHORUS_RETURN_IF_ERROR(read_op(record, &kind, &delete_id));
  StreamEvent& ev = out->events.emplace_back();
  ev.kind = kind;
  Status st;
  if (kind == EventKind::kDelete) {
    ev.post.id = std::move(delete_id);
    st = validate_event(ev);
  } else {
    st = padded ? parser_.parse_padded(record, &ev.post) : parser_.parse(record, &ev.post);
  }
  if (!st.is_ok()) {
    out->events.pop_back();
    return st;
  }
  if (ev.post.source.empty()) ev.post.source = "jsonl";
  return Status::ok();
}

}  // namespace chorus::stream
