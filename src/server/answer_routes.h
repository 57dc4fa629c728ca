// The server's grounded answer, shared by the answer routes (/api/ask, model "chorus") and the
// mention and story routes: an Answerer over the server's index, generating through the default
// chat backend when one is loaded, else extractive. Thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "answer/answer.h"

namespace chorus::server {

class Server;

Result<answer::Answer> run_grounded_answer(Server& server, answer::Mode mode,
                                           const std::string& input, int64_t now_ms,
                                           const answer::TextCallback& on_text = nullptr);

}  // namespace chorus::server
