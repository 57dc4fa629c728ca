#include "model/runtime/model.h"

#include "model/runtime/session.h"
#include "model/runtime/weight_residency.h"

namespace chorus::model {

Model::Model(std::unique_ptr<GgufFile> file, ModelConfig config, ModelWeights weights,
             const ModelOptions& options)
    : file_(std::move(file)),
      config_(std::move(config)),
      weights_(std::move(weights)),
      rope_inv_freq_(rope_inv_freqs(config_)),
      options_(options),
      pool_(options.threads) {}

Result<std::unique_ptr<Model>> Model::load(const std::string& path, const ModelOptions& options) {
  Result<std::unique_ptr<GgufFile>> file = GgufFile::open(path);
  if (!file.is_ok()) return file.status().with_context(path);
  return from_file(std::move(file).value(), options);
}

Result<std::unique_ptr<Model>> Model::from_file(std::unique_ptr<GgufFile> file,
                                                const ModelOptions& options) {
  if (options.threads < 1 || options.threads > 256)
    return invalid_argument("threads: must be in [1, 256], got " + std::to_string(options.threads));
  if (options.max_batch < 1) return invalid_argument("max_batch: must be >= 1");
  CHORUS_ASSIGN_OR_RETURN(ModelConfig config, read_model_config(*file));
  CHORUS_ASSIGN_OR_RETURN(ModelWeights weights, load_model_weights(*file, config));
  own_vectors(weights, config);
  if (options.repack)
    CHORUS_RETURN_IF_ERROR(repack_weights(weights, file->is_mapped(), options.threads).status());
  release_unread_tensors(*file, weights);
  return std::unique_ptr<Model>(
      new Model(std::move(file), std::move(config), std::move(weights), options));
}

Result<std::unique_ptr<Session>> Model::new_session(int64_t context) const {
  if (context == 0) context = config_.context_length;
  if (context < 1 || context > (1 << 20))
    return invalid_argument("context: must be in [1, 1048576], got " + std::to_string(context));
  return std::make_unique<Session>(*this, context);
}

}  // namespace chorus::model
