// The embedded web UI: the generated assets match the source files byte for byte, every file the
// page references is embedded, the JavaScript never builds markup from strings, replies carry
// ETag/304 and a strict CSP, and an in-process server serves / and /ui/<name>.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "server/server_test_util.h"
#include "server/ui/ui_assets.h"

namespace chorus::server::ui {
namespace {

std::string source_file(const std::string& name) {
  std::ifstream in(std::string(CHORUS_SOURCE_DIR) + "/src/server/ui/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string header(const AssetReply& r, const std::string& key) {
  for (const auto& [k, v] : r.headers)
    if (k == key) return v;
  return "";
}

TEST(UiAssets, EmbeddedBytesEqualTheSourceFiles) {
  std::set<std::string> names;
  for (const Asset& a : assets()) {
    names.insert(std::string(a.name));
    const std::string src = source_file(std::string(a.name));
    ASSERT_FALSE(src.empty()) << a.name;
    EXPECT_EQ(a.body, src) << a.name;
  }
  for (const char* n : {"index.html", "app.js", "api.js", "render.js", "i18n.js", "style.css"})
    EXPECT_TRUE(names.count(n)) << n << " is not embedded";
}

TEST(UiAssets, ContentTypesAndDistinctEtags) {
  EXPECT_EQ(find_asset("index.html")->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(find_asset("app.js")->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(find_asset("style.css")->content_type, "text/css; charset=utf-8");
  EXPECT_EQ(find_asset("missing.js"), nullptr);
  EXPECT_EQ(find_asset(""), nullptr);
  std::set<std::string_view> etags;
  for (const Asset& a : assets()) {
    ASSERT_GE(a.etag.size(), 3u);
    EXPECT_EQ(a.etag.front(), '"');
    EXPECT_EQ(a.etag.back(), '"');
    etags.insert(a.etag);
  }
  EXPECT_EQ(etags.size(), assets().size());
}

// Every /ui/ file named by index.html and every module imported by a script is embedded.
TEST(UiAssets, ReferencedFilesAreEmbedded) {
  const std::regex page_ref(R"re((?:src|href)="/ui/([^"]+)")re");
  const std::string html(find_asset("index.html")->body);
  int refs = 0;
  for (std::sregex_iterator it(html.begin(), html.end(), page_ref), end; it != end; ++it, ++refs)
    EXPECT_NE(find_asset((*it)[1].str()), nullptr) << (*it)[1].str();
  EXPECT_GE(refs, 2);
  const std::regex import_ref(R"re(from '\./([^']+)')re");
  for (const Asset& a : assets()) {
    if (!a.name.ends_with(".js")) continue;
    const std::string js(a.body);
    for (std::sregex_iterator it(js.begin(), js.end(), import_ref), end; it != end; ++it)
      EXPECT_NE(find_asset((*it)[1].str()), nullptr) << a.name << " imports " << (*it)[1].str();
  }
}

// Post text must never be parsed as HTML: the scripts have no string-to-markup sinks.
TEST(UiAssets, ScriptsHaveNoMarkupSinks) {
  for (const Asset& a : assets()) {
    if (!a.name.ends_with(".js")) continue;
    for (const char* sink :
         {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("})
      EXPECT_EQ(a.body.find(sink), std::string_view::npos) << a.name << " uses " << sink;
  }
}

TEST(UiAssets, ReplyHeadersAndConditionalGet) {
  const Asset* index = find_asset("index.html");
  AssetReply ok = reply_for("index.html", "");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, index->body);
  EXPECT_EQ(header(ok, "ETag"), index->etag);
  EXPECT_EQ(header(ok, "Cache-Control"), "no-cache");
  EXPECT_EQ(header(ok, "X-Content-Type-Options"), "nosniff");
  const std::string csp = header(ok, "Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;

  const std::string etag(index->etag);
  for (const std::string& inm : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    AssetReply r = reply_for("index.html", inm);
    EXPECT_EQ(r.status, 304) << inm;
    EXPECT_TRUE(r.body.empty());
    EXPECT_EQ(header(r, "ETag"), etag);
  }
  EXPECT_EQ(reply_for("index.html", "\"stale\"").status, 200);
  EXPECT_EQ(reply_for("index.html", etag.substr(0, etag.size() - 2) + "\"").status, 200);
  EXPECT_EQ(reply_for("../CMakeLists.txt", "").status, 404);
  EXPECT_EQ(reply_for("nope.js", "").status, 404);
}

TEST(UiRoutes, ServedByTheServer) {
  testing::TestServer ts({}, false);
  auto c = ts.client();
  auto root = c->Get("/");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->status, 200);
  EXPECT_EQ(root->body, find_asset("index.html")->body);
  EXPECT_EQ(root->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_FALSE(root->get_header_value("Content-Security-Policy").empty());

  auto js = c->Get("/ui/app.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->body, find_asset("app.js")->body);
  EXPECT_EQ(js->get_header_value("Content-Type"), "text/javascript; charset=utf-8");

  auto again = c->Get("/ui/app.js", {{"If-None-Match", js->get_header_value("ETag")}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());

  auto missing = c->Get("/ui/missing.js");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_NE(missing->body.find("\"error\""), std::string::npos) << missing->body;
  auto traversal = c->Get("/ui/../CMakeLists.txt");
  ASSERT_TRUE(traversal);
  EXPECT_EQ(traversal->status, 404);
}

TEST(UiRoutes, PublicEvenWhenEveryRouteNeedsAKey) {
  testing::TestServer ts(
      [](ServeConfig& c) {
        c.api_keys = {"k1"};
        c.require_auth = true;
      },
      false);
  auto c = ts.client();
  auto root = c->Get("/");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->status, 200);
  auto search = c->Get("/api/search?q=x");
  ASSERT_TRUE(search);
  EXPECT_EQ(search->status, 401);  // the data behind the page still needs the key
}

}  // namespace
}  // namespace chorus::server::ui
