// Where an environment's instances live: fixed-size blocks carved from
// chunks that are aligned to their own size.
//
// napi_unwrap also succeeds on objects that another addon wrapped, whose
// pointer means something else; reading it would be a crash. So an unwrapped
// pointer is used only once this heap says it is one of its live blocks: the
// chunk is found by masking the address, looked up among the environment's
// few chunks, and the block's bit is read from the chunk's bitmap. Nothing is
// entered per object, which keeps creating objects as cheap as a plain
// malloc: a table with an entry per live object costs a cache miss per object
// once hundreds of thousands are alive (a JS loop that makes objects keeps
// them all until the event loop turns).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tsbind {
namespace detail {

class instance_heap {
public:
    /// Blocks are multiples of 16 bytes up to this size; larger objects are
    /// not placed in their instance's block (class.h decides at compile time).
    static constexpr std::size_t max_block = 512;

    instance_heap() = default;
    instance_heap(const instance_heap &) = delete;
    instance_heap &operator=(const instance_heap &) = delete;
    ~instance_heap();

    /// A block of at least `bytes` (at most max_block), aligned for any standard type.
    void *allocate(std::size_t bytes);
    /// Gives back a block from allocate().
    void free(void *block) noexcept;
    /// Whether `p` is the start of a block allocated here and not yet freed.
    /// Safe for any pointer: it reads only this heap's own memory.
    bool contains(const void *p) const noexcept;

    /// A number that names a live block: never 0, and below 2^30, so that JS
    /// keeps it unboxed (the JS layer's handles).
    std::uint32_t number_of(const void *block) const noexcept;
    /// The live block `number` names, or null. Safe for any number: it reads
    /// only this heap's own memory.
    void *block_numbered(std::uint32_t number) const noexcept;

    /// Live blocks (counted from the chunks: nothing is kept per allocation for it).
    std::size_t size() const noexcept;
    /// Chunks held, in use or spare (each chunk_size bytes).
    std::size_t chunks() const noexcept { return chunks_.size() + spares_.size(); }

    static constexpr std::size_t chunk_size = 64 * 1024;

private:
    struct chunk;
    static constexpr std::size_t min_block = 64;
    static constexpr std::size_t classes = (max_block - min_block) / 16 + 1;

    chunk *new_chunk(std::size_t cls);
    void open(chunk *c) noexcept;
    void close(chunk *c) noexcept;
    /// Takes an emptied chunk out of use: kept as a spare, or given back.
    void retire(chunk *c) noexcept;
    void discard(chunk *c) noexcept;

    /// Per block size, the chunks that have a free block (most recently opened first).
    chunk *open_[classes] = {};
    /// The address of every chunk in use, sorted.
    std::vector<std::uintptr_t> chunks_;
    /// Empty chunks, ready for any block size.
    std::vector<chunk *> spares_;
    /// Every chunk held (in use or spare) by its number (block numbers are
    /// the chunk's number times 1024 plus the block's index); 0 is none.
    std::vector<chunk *> numbered_{nullptr};
    std::vector<std::uint32_t> free_numbers_;
    /// The chunk of the last block contains() found: the next lookup is
    /// usually in it (a method called on one object in a loop).
    mutable std::uintptr_t last_found_ = 0;
};

} // namespace detail
} // namespace tsbind
