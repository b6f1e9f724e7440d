// Replays every file of a fuzz corpus through LLVMFuzzerTestOneInput, so that
// builds without libFuzzer (gcc, sanitizer preset) still run each input that a
// fuzzer once found interesting. A crash fails the test; so does an empty or
// missing corpus, because a replay of nothing proves nothing.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
    return 2;
  }
  size_t replayed = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[1], ec)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
    ++replayed;
  }
  if (ec || replayed == 0) {
    std::fprintf(stderr, "no corpus files under %s\n", argv[1]);
    return 1;
  }
  std::printf("replayed %zu inputs from %s\n", replayed, argv[1]);
  return 0;
}
