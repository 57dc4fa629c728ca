// HTML to plain text, for Mastodon `content`.
//
// Tags are stripped; <br> becomes "\n" and a paragraph break (</p>, </div>, </li>) "\n\n";
// character references (&amp; &lt; &gt; &quot; &apos; &#39; &nbsp; &#NNN; &#xHH; and a few common
// named ones) are decoded, unknown ones kept verbatim; the text inside <script>/<style> is
// dropped. The href of each <a> whose class names neither "mention" nor "hashtag" is collected
// as a link. Surrounding whitespace is trimmed. Never fails; output is valid UTF-8 when the
// input is.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace chorus::stream {

struct HtmlText {
  std::string text;
  std::vector<std::string> links;
};

HtmlText html_to_text(std::string_view html);

// Decodes character references in `s` (as above), appending to `out`.
void decode_entities(std::string_view s, std::string* out);

}  // namespace chorus::stream
