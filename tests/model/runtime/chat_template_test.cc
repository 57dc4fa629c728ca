#include "model/runtime/chat_template.h"

#include <gtest/gtest.h>

#include <vector>

namespace chorus::model {
namespace {

const std::vector<ChatMessage> kChat = {
    {"system", "Be brief."}, {"user", "Hi"}, {"assistant", "Hello."}, {"user", "Why?"}};

ChatFormat detect(std::string_view t) {
  return detect_chat_format(t).value();
}

TEST(ChatTemplateTest, DetectsFormatsFromDistinctiveSubstrings) {
  EXPECT_EQ(detect("{% for m in messages %}<|im_start|>{{ m.role }}"), ChatFormat::kChatML);
  EXPECT_EQ(detect("<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n"),
            ChatFormat::kLlama3);
  EXPECT_EQ(detect("{{'<|user|>' + '\n' + message['content'] + '<|end|>'}}<|assistant|>"),
            ChatFormat::kPhi3);
  EXPECT_EQ(detect("{{ '<|user|>\n' + message['content'] + eos_token }}<|assistant|>"),
            ChatFormat::kZephyr);
  EXPECT_EQ(detect("{{ bos_token + '[INST] ' + '<<SYS>>\\n' + content }}"), ChatFormat::kLlama2);
  EXPECT_EQ(detect("{{ '[INST] ' + message['content'] + '[/INST]' }}"), ChatFormat::kMistral);
}

TEST(ChatTemplateTest, UnknownFallsBackToChatMLOrFailsWhenStrict) {
  EXPECT_EQ(detect("{{ message }}"), ChatFormat::kChatML);
  EXPECT_EQ(detect(""), ChatFormat::kChatML);
  auto strict = detect_chat_format("{{ message }}", true);
  ASSERT_FALSE(strict.is_ok());
  EXPECT_NE(strict.status().message().find("tokenizer.chat_template"), std::string::npos);
}

TEST(ChatTemplateTest, RendersChatML) {
  EXPECT_EQ(render_chat(ChatFormat::kChatML, kChat, true).value(),
            "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
            "<|im_start|>assistant\nHello.<|im_end|>\n<|im_start|>user\nWhy?<|im_end|>\n"
            "<|im_start|>assistant\n");
  EXPECT_EQ(
      render_chat(ChatFormat::kChatML, std::vector<ChatMessage>{{"user", "x"}}, false).value(),
      "<|im_start|>user\nx<|im_end|>\n");
}

TEST(ChatTemplateTest, RendersLlama3) {
  EXPECT_EQ(
      render_chat(ChatFormat::kLlama3, std::vector<ChatMessage>{{"user", "Hi"}}, true).value(),
      "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
      "<|start_header_id|>assistant<|end_header_id|>\n\n");
}

TEST(ChatTemplateTest, RendersLlama2WithSystemInFirstTurn) {
  EXPECT_EQ(render_chat(ChatFormat::kLlama2, kChat, true).value(),
            "[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi [/INST] Hello. </s><s>[INST] Why? [/INST]");
}

TEST(ChatTemplateTest, RendersMistralPhi3Zephyr) {
  EXPECT_EQ(render_chat(ChatFormat::kMistral, kChat, true).value(),
            "[INST] Be brief.\n\nHi[/INST] Hello.</s>[INST] Why?[/INST]");
  const std::vector<ChatMessage> one = {{"user", "Hi"}};
  EXPECT_EQ(render_chat(ChatFormat::kPhi3, one, true).value(),
            "<|user|>\nHi<|end|>\n<|assistant|>\n");
  EXPECT_EQ(render_chat(ChatFormat::kZephyr, one, true).value(),
            "<|user|>\nHi</s>\n<|assistant|>\n");
}

TEST(ChatTemplateTest, UnknownRoleIsAnErrorNamingTheMessage) {
  const std::vector<ChatMessage> bad = {{"user", "a"}, {"tool", "b"}};
  auto r = render_chat(ChatFormat::kChatML, bad, true);
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("messages[1].role"), std::string::npos);
}

TEST(ChatTemplateTest, NamesRoundTripAndStopStrings) {
  for (ChatFormat f : {ChatFormat::kLlama2, ChatFormat::kLlama3, ChatFormat::kChatML,
                       ChatFormat::kMistral, ChatFormat::kPhi3, ChatFormat::kZephyr}) {
    EXPECT_EQ(chat_format_from_name(chat_format_name(f)).value(), f);
    EXPECT_FALSE(chat_stop_strings(f).empty());
  }
  EXPECT_FALSE(chat_format_from_name("vicuna").is_ok());
  EXPECT_EQ(chat_stop_strings(ChatFormat::kChatML)[0], "<|im_end|>");
}

}  // namespace
}  // namespace chorus::model
