// PostComposer: turns the simulator's decisions (author, time, template, slot values) into a
// canonical Post: ids, author copy, text in the author's language (Arabic with the writer's
// spelling habits), hashtags/mentions/URLs read back from the text, and engagement figures.
// Reuses the Post's buffers, so composing into the same Post allocates little. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/random.h"
#include "post/post.h"
#include "stream/sim/account_pool.h"
#include "stream/sim/arabic_variants.h"
#include "stream/sim/vocab.h"

namespace chorus::sim {

class PostComposer {
 public:
  PostComposer(uint64_t seed, const AccountPool& pool);

  // "s<seed>-<seq>": stable per seed, unique within a run.
  void format_id(uint64_t seq, std::string* out) const;
  // Resets `post` to a new post: id, author, time, language, source "simulator"; empty text,
  // entities, links and metrics.
  void begin(uint64_t seq, uint32_t author, int64_t t_ms, Post* post) const;
  // Sets the text to prefix + rendered template + suffix (each joined by a space when
  // non-empty) in the post's language, and the entity lists from the text.
  // Arabic is written in `style`, or in a random writer's style when null.
  void write(const TextTemplate& t, const SlotValues& v, Rng& rng, Post* post,
             std::string_view prefix = {}, std::string_view suffix = {},
             const ArabicStyle* style = nullptr);
  // Engagement from the author's reach and the `heat` of the subject (1 = ordinary):
  // views ~ followers x heat x log-normal noise, the rest proportional. Returns the views.
  double engage(double heat, Rng& rng, Post* post) const;

 private:
  std::string id_prefix_;
  const AccountPool& pool_;
  std::string scratch_;
};

// Reads "#tag", "@handle" and "http(s)://..." tokens (space-separated, trailing ASCII
// punctuation dropped) from `post->text` into its hashtags, mentions and urls.
void extract_entities(Post* post);

}  // namespace chorus::sim
