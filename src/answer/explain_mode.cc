// explain: a post, its thread (parent, replies, quotes) and related posts.
#include <algorithm>

#include "answer/answer_work.h"
#include "answer/answerer.h"
#include "answer/extractive.h"

namespace chorus::answer {
namespace {

constexpr size_t kMaxRelatedGroups = 6;
constexpr size_t kMaxThreadSources = 5;

bool links_to(const Post& p, const std::string& id) {
  return p.reply_to == id || p.quote_of == id || p.repost_of == id;
}

std::string extractive_explain(const std::vector<Candidate>& c, const std::vector<int>& sources,
                               size_t thread_end) {
  std::string out(kExtractiveLabel);
  const Candidate& subject = c[sources[0]];
  out += "\n- The post: " + quote_line(subject, 1, snippet_of(subject.post, 280));
  std::string parent, responses, related;
  for (size_t k = 1; k < sources.size(); ++k) {
    const Candidate& x = c[sources[k]];
    const std::string line = quote_line(x, static_cast<int>(k) + 1, snippet_of(x.post, 200));
    if (links_to(subject.post, x.post.id)) {
      parent += "\n- It responds to: " + line;
    } else if (k < thread_end) {
      responses +=
          "\n- " + std::string(x.post.quote_of == subject.post.id ? "Quote: " : "Reply: ") + line;
    } else {
      related += "\n- Related: " + line;
    }
  }
  return out + parent + responses + related;
}

}  // namespace

Result<Answer> Answerer::explain(std::string_view post_id, int64_t now_ms,
                                 const TextCallback& on_text) const {
  CHORUS_ASSIGN_OR_RETURN(Post subject, index_.get(post_id));
  Work w;
  w.mode = Mode::kExplain;
  w.answer.question = std::string(post_id);
  w.plan = plan_question(subject.text, now_ms, PlanOptions{options_.context_window_ms});
  if (w.plan.groups.size() > kMaxRelatedGroups) w.plan.groups.resize(kMaxRelatedGroups);
  CHORUS_ASSIGN_OR_RETURN(w.retrieval, retriever_.retrieve(w.plan, now_ms));
  Retrieval& r = w.retrieval;
  // The thread: the parent posts by id, replies and quotes found through the author's handle
  // and the post id (replies mention the handle; links may carry the id).
  retriever_.add_post(subject, 1.0, w.plan, now_ms, &r);
  for (const std::string* id : {&subject.reply_to, &subject.quote_of, &subject.repost_of}) {
    if (id->empty()) continue;
    Result<Post> parent = index_.get(*id);
    if (parent.is_ok()) retriever_.add_post(std::move(parent).value(), 1.0, w.plan, now_ms, &r);
  }
  if (!subject.author.handle.empty())
    CHORUS_RETURN_IF_ERROR(
        retriever_.add_search(w.plan, "@" + subject.author.handle, now_ms, true, &r));
  CHORUS_RETURN_IF_ERROR(retriever_.add_search(w.plan, subject.id, now_ms, true, &r));
  std::vector<int> thread;
  for (size_t i = 0; i < r.candidates.size(); ++i) {
    Candidate& x = r.candidates[i];
    const bool linked = links_to(subject, x.post.id) || links_to(x.post, subject.id);
    if (linked && x.excluded == Exclusion::kOffTopic) x.excluded.reset();
    if (linked || x.post.id == subject.id) thread.push_back(static_cast<int>(i));
  }
  prepare(&w, now_ms);
  const int self = find_candidate(r, subject.id);
  r.candidates[self].excluded.reset();  // the subject is quoted whatever its flags
  r.candidates[self].duplicate_of = -1;
  w.sources.push_back(self);
  for (int i : thread) {
    if (i != self && usable(r.candidates[i]) && w.sources.size() < kMaxThreadSources)
      w.sources.push_back(i);
  }
  const size_t thread_end = w.sources.size();
  // Related posts may come from any story: the thread's own story dominates by construction.
  EvidenceOptions related = options_.evidence;
  related.story_ratio = 0;
  related.max_stories = std::max<size_t>(related.max_stories, 5);
  w.sources = select_evidence(r.candidates, w.stories, related, std::move(w.sources));
  CHORUS_RETURN_IF_ERROR(
      finish(&w, extractive_explain(r.candidates, w.sources, thread_end), on_text));
  return std::move(w.answer);
}

}  // namespace chorus::answer
