#include "analysis/cell_key.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cmath>
#include <memory>
#include <stdexcept>

namespace gapfinder::cell_key {

const char* const kPerturbedCountsInWords =
    "Counts are from the web app, which adds a little noise to every count so that no one can work out a small group "
    "by taking one table away from another (the cell key method the ONS used for Census 2021): a count may be up to 4 "
    "away from the true one, the same people always give the same count, and percentages and intervals are worked out "
    "from these counts. Which gaps are flagged is decided on the exact counts, so the same gaps are flagged as in the "
    "approved report; p-values are not shown, since they would give the exact counts back. The approved figures, exact, "
    "come from gapfinder on the command line.";

static_assert([] {
    int total = 0;
    for (int s : kShare) total += s;
    return total == kRange;
}(), "the perturbation shares must cover every cell key");

int perturbation(uint64_t key_sum) {
    int key = static_cast<int>(key_sum % kRange);
    for (int j = -kMax; j <= kMax; ++j) {
        key -= kShare[static_cast<size_t>(j + kMax)];
        if (key < 0) return j;
    }
    return kMax;  // unreachable: the shares sum to kRange
}

double variance() {
    double v = 0;
    for (int j = -kMax; j <= kMax; ++j) v += j * j * kShare[static_cast<size_t>(j + kMax)];
    return v / kRange;
}

double perturb(double count, uint64_t key_sum, double floor) {
    if (!(count > 0)) return count;  // 0 stays 0; NaN stays NaN
    const double out = count + perturbation(key_sum);
    return count >= floor ? std::max(out, floor) : std::max(out, 1.0);
}

namespace {

// FNV-1a, twice with different offsets: a 16-byte digest of an id to encrypt. Not a
// secret by itself; the AES key is.
void digest(std::string_view id, unsigned char out[16]) {
    uint64_t a = 0xcbf29ce484222325ULL, b = 0x84222325cbf29ce4ULL;
    for (unsigned char c : id) {
        a = (a ^ c) * 0x100000001b3ULL;
        b = (b ^ c) * 0x100000001b3ULL;
    }
    for (int i = 0; i < 8; ++i) {
        out[i] = static_cast<unsigned char>(a >> (8 * i));
        out[8 + i] = static_cast<unsigned char>(b >> (8 * i));
    }
}

}  // namespace

std::vector<uint8_t> record_keys(std::string_view secret, const std::string& survey, const std::string& wave, const IdColumn& ids) {
    // The wave's key: HMAC-SHA256(secret, "cell-key" survey wave), first 16 bytes.
    const std::string label = std::string("cell-key\x1f") + survey + "\x1f" + wave;
    unsigned char wave_key[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(label.data()),
              label.size(), wave_key, &length))
        throw std::runtime_error("HMAC-SHA256 failed in OpenSSL");

    const size_t n = ids.size();
    std::vector<unsigned char> blocks(n * 16 + 16), encrypted(n * 16 + 32);
    for (size_t i = 0; i < n; ++i) digest(ids[i], &blocks[i * 16]);
    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    int written = 0;
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_ecb(), nullptr, wave_key, nullptr) != 1 ||
        EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1 ||
        (n > 0 && EVP_EncryptUpdate(ctx.get(), encrypted.data(), &written, blocks.data(), static_cast<int>(n * 16)) != 1))
        throw std::runtime_error("AES-128 failed in OpenSSL");
    std::vector<uint8_t> keys(n);
    for (size_t i = 0; i < n; ++i) {
        const unsigned v = encrypted[i * 16] | (static_cast<unsigned>(encrypted[i * 16 + 1]) << 8);
        keys[i] = static_cast<uint8_t>(1 + v % 255);
    }
    return keys;
}

}  // namespace gapfinder::cell_key
