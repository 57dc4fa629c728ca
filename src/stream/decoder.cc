#include "stream/decoder.h"

#include "stream/jetstream_decoder.h"
#include "stream/jsonl_decoder.h"
#include "stream/mastodon_decoder.h"
#include "stream/xv2_decoder.h"

namespace chorus::stream {

const std::vector<std::string>& decoder_formats() {
  static const std::vector<std::string> kFormats = {"jsonl", "jetstream", "mastodon", "xv2"};
  return kFormats;
}

Result<std::unique_ptr<Decoder>> make_decoder(std::string_view format) {
  if (format == "jsonl") return std::unique_ptr<Decoder>(new JsonlDecoder());
  if (format == "jetstream") return std::unique_ptr<Decoder>(new JetstreamDecoder());
  if (format == "mastodon") return std::unique_ptr<Decoder>(new MastodonDecoder());
  if (format == "xv2") return std::unique_ptr<Decoder>(new Xv2Decoder());
  std::string known;
  for (const auto& f : decoder_formats()) known += (known.empty() ? "" : ", ") + f;
  return invalid_argument("unknown format '" + std::string(format) + "' (known: " + known + ")");
}

}  // namespace chorus::stream
