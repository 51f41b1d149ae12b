// The instance heap (see include/tsbind/detail/instance_heap.h).
//
// A chunk starts with its header and a bitmap of live blocks; its blocks
// follow. Allocation takes the lowest free block of the first open chunk of
// the size class, so live objects stay packed at the front of few chunks. A
// chunk that empties, unless it is the last with room in its size class,
// becomes a spare for any size class or, past a few spares, goes back to the
// system.
#include "internal.h"

#include <algorithm>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#define TSBIND_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TSBIND_ASAN 1
#endif
#endif
#ifdef TSBIND_ASAN
#include <sanitizer/asan_interface.h>
// Free blocks are poisoned, so that AddressSanitizer still reports the use
// of a freed instance as it would with malloc.
#define TSBIND_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define TSBIND_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define TSBIND_POISON(p, n) ((void)(p), (void)(n))
#define TSBIND_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#if defined(_MSC_VER) && !defined(__clang__)
#include <intrin.h>
#endif
#if defined(_WIN32)
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#elif !defined(TSBIND_ASAN)
#include <sys/mman.h>
#endif

namespace tsbind {
namespace detail {

namespace {

unsigned lowest_bit(std::uint64_t word) {
#if defined(_MSC_VER) && !defined(__clang__)
    unsigned long index;
    _BitScanForward64(&index, word);
    return unsigned(index);
#else
    return unsigned(__builtin_ctzll(word));
#endif
}

// Chunks come straight from the system, so that an emptied chunk's memory
// goes back at once: through a malloc, chunks freed in the middle of its heap
// stay resident. VirtualAlloc aligns to 64 KiB by itself; mmap is asked for
// twice the size and trimmed. Under AddressSanitizer they come from operator
// new instead, because LeakSanitizer does not look inside mapped memory for
// the pointers that C++ objects in the blocks hold.
void *map_chunk(std::size_t size) {
#if defined(_WIN32)
    // Windows places allocations on 64 KiB boundaries (its allocation granularity).
    void *p = VirtualAlloc(nullptr, size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    if (!p) throw std::bad_alloc();
    return p;
#elif defined(TSBIND_ASAN)
    return ::operator new(size, std::align_val_t(size));
#else
    void *p = mmap(nullptr, 2 * size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    auto start = reinterpret_cast<std::uintptr_t>(p);
    std::uintptr_t aligned = (start + size - 1) & ~std::uintptr_t(size - 1);
    if (aligned > start) munmap(p, aligned - start);
    std::uintptr_t end = start + 2 * size;
    if (end > aligned + size) munmap(reinterpret_cast<void *>(aligned + size), end - aligned - size);
    return reinterpret_cast<void *>(aligned);
#endif
}

void unmap_chunk(void *p, std::size_t size) noexcept {
#if defined(_WIN32)
    (void)size;
    VirtualFree(p, 0, MEM_RELEASE);
#elif defined(TSBIND_ASAN)
    ::operator delete(p, std::align_val_t(size));
#else
    munmap(p, size);
#endif
}

} // namespace

struct instance_heap::chunk {
    static constexpr std::size_t first_block = 256;
    static constexpr std::size_t max_blocks = (chunk_size - first_block) / min_block;
    static constexpr std::size_t words = (max_blocks + 63) / 64;

    chunk *prev_open = nullptr;
    chunk *next_open = nullptr;
    std::uint32_t block_size;
    /// floor(2^32 / block_size) + 1: a block's index is (offset * reciprocal) >> 32,
    /// exactly, for every offset inside a chunk (checked for all sizes), without a division.
    std::uint32_t reciprocal;
    std::uint32_t capacity;
    std::uint32_t used = 0;
    /// No free block lies before this word of `live`.
    std::uint32_t first_free_word = 0;
    std::uint8_t cls;
    bool is_open = false;
    /// Its place in the heap's `numbered_`, for as long as it is held.
    std::uint32_t number = 0;
    /// One bit per block, set while it is allocated. Bits past `capacity`
    /// are set too, so that a search for a free block never picks them.
    std::uint64_t live[words];

    char *block(std::size_t i) { return reinterpret_cast<char *>(this) + first_block + i * block_size; }
    std::size_t index(std::size_t offset) const { return std::size_t((std::uint64_t(offset) * reciprocal) >> 32); }
};

instance_heap::~instance_heap() {
    // Node finalizes every wrapped object before the instance data, so the
    // chunks are empty here.
    for (std::uintptr_t address : chunks_) discard(reinterpret_cast<chunk *>(address));
    for (chunk *c : spares_) discard(c);
}

void instance_heap::discard(chunk *c) noexcept {
    numbered_[c->number] = nullptr;
    try {
        free_numbers_.push_back(c->number);
    } catch (...) {  // the number is not used again
    }
    TSBIND_UNPOISON(c, chunk_size);
    c->~chunk();
    unmap_chunk(c, chunk_size);
}

instance_heap::chunk *instance_heap::new_chunk(std::size_t cls) {
    static_assert(sizeof(chunk) <= chunk::first_block, "the chunk header outgrew its space");
    static_assert(chunk::max_blocks <= 1024, "a block number has 10 bits for the block");
    chunk *c;
    if (!spares_.empty()) {
        c = spares_.back();
        spares_.pop_back();
    } else {
        c = new (map_chunk(chunk_size)) chunk;
        try {
            if (free_numbers_.empty()) {
                if (numbered_.size() >= (std::size_t(1) << 20)) throw std::bad_alloc();  // numbers stay below 2^30
                numbered_.push_back(c);
                c->number = static_cast<std::uint32_t>(numbered_.size() - 1);
            } else {
                c->number = free_numbers_.back();
                free_numbers_.pop_back();
                numbered_[c->number] = c;
            }
        } catch (...) {
            c->~chunk();
            unmap_chunk(c, chunk_size);
            throw;
        }
        // Every block starts free, and poisoned; an emptied chunk is so again.
        TSBIND_POISON(c->block(0), chunk_size - chunk::first_block);
    }
    c->cls = static_cast<std::uint8_t>(cls);
    c->block_size = static_cast<std::uint32_t>(min_block + cls * 16);
    c->reciprocal = static_cast<std::uint32_t>((std::uint64_t(1) << 32) / c->block_size + 1);
    c->capacity = static_cast<std::uint32_t>((chunk_size - chunk::first_block) / c->block_size);
    c->used = 0;
    c->first_free_word = 0;
    for (std::size_t w = 0; w < chunk::words; ++w) {
        std::size_t first = w * 64;
        if (first + 64 <= c->capacity)
            c->live[w] = 0;
        else if (first >= c->capacity)
            c->live[w] = ~std::uint64_t(0);
        else
            c->live[w] = ~std::uint64_t(0) << (c->capacity - first);
    }
    auto address = reinterpret_cast<std::uintptr_t>(c);
    try {
        chunks_.insert(std::lower_bound(chunks_.begin(), chunks_.end(), address), address);
    } catch (...) {
        discard(c);
        throw;
    }
    open(c);
    return c;
}

void instance_heap::open(chunk *c) noexcept {
    chunk *&head = open_[c->cls];
    c->prev_open = nullptr;
    c->next_open = head;
    if (head) head->prev_open = c;
    head = c;
    c->is_open = true;
}

void instance_heap::close(chunk *c) noexcept {
    if (c->prev_open)
        c->prev_open->next_open = c->next_open;
    else
        open_[c->cls] = c->next_open;
    if (c->next_open) c->next_open->prev_open = c->prev_open;
    c->prev_open = c->next_open = nullptr;
    c->is_open = false;
}

void instance_heap::retire(chunk *c) noexcept {
    if (c->is_open) close(c);
    if (last_found_ == reinterpret_cast<std::uintptr_t>(c)) last_found_ = 0;
    chunks_.erase(std::lower_bound(chunks_.begin(), chunks_.end(), reinterpret_cast<std::uintptr_t>(c)));
    // Keep a few empty chunks for the next objects: a quarter of those in
    // use, and at least 16 (1 MiB). Past that, memory goes back.
    std::size_t keep = 16 + chunks_.size() / 4;
    if (spares_.size() < keep) {
        try {
            spares_.push_back(c);
            c = nullptr;
        } catch (...) {
        }
    }
    if (c) discard(c);
    while (spares_.size() > keep) {
        discard(spares_.back());
        spares_.pop_back();
    }
}

void *instance_heap::allocate(std::size_t bytes) {
    std::size_t cls = bytes <= min_block ? 0 : (bytes - min_block + 15) / 16;
    chunk *c = open_[cls];
    if (!c) c = new_chunk(cls);
    // An open chunk has a free block at or after its hint.
    std::size_t w = c->first_free_word;
    while (c->live[w] == ~std::uint64_t(0)) ++w;
    std::size_t i = w * 64 + lowest_bit(~c->live[w]);
    c->live[w] |= std::uint64_t(1) << (i % 64);
    c->first_free_word = static_cast<std::uint32_t>(w);
    if (++c->used == c->capacity) close(c);
    char *block = c->block(i);
    TSBIND_UNPOISON(block, c->block_size);
    return block;
}

void instance_heap::free(void *block) noexcept {
    auto address = reinterpret_cast<std::uintptr_t>(block);
    auto *c = reinterpret_cast<chunk *>(address & ~std::uintptr_t(chunk_size - 1));
    std::size_t i = c->index(address - reinterpret_cast<std::uintptr_t>(c) - chunk::first_block);
    c->live[i / 64] &= ~(std::uint64_t(1) << (i % 64));
    if (i / 64 < c->first_free_word) c->first_free_word = static_cast<std::uint32_t>(i / 64);
    TSBIND_POISON(block, c->block_size);
    --c->used;
    if (!c->is_open)
        open(c);
    else if (c->used == 0 && (c->prev_open || c->next_open))
        retire(c);  // other chunks serve its size class; the last one stays
}

std::size_t instance_heap::size() const noexcept {
    std::size_t live = 0;
    for (std::uintptr_t address : chunks_) live += reinterpret_cast<const chunk *>(address)->used;
    return live;
}

bool instance_heap::contains(const void *p) const noexcept {
    auto address = reinterpret_cast<std::uintptr_t>(p);
    std::uintptr_t base = address & ~std::uintptr_t(chunk_size - 1);
    if (base != last_found_) {
        if (!std::binary_search(chunks_.begin(), chunks_.end(), base)) return false;
        last_found_ = base;
    }
    const auto *c = reinterpret_cast<const chunk *>(base);
    // Below the first block, the subtraction wraps around to a huge offset.
    std::size_t offset = address - base - chunk::first_block;
    if (offset >= chunk_size - chunk::first_block) return false;
    std::size_t i = c->index(offset);
    return i < c->capacity && i * c->block_size == offset && (c->live[i / 64] >> (i % 64) & 1);
}

std::uint32_t instance_heap::number_of(const void *block) const noexcept {
    auto address = reinterpret_cast<std::uintptr_t>(block);
    const auto *c = reinterpret_cast<const chunk *>(address & ~std::uintptr_t(chunk_size - 1));
    return c->number << 10 | static_cast<std::uint32_t>(c->index(address - reinterpret_cast<std::uintptr_t>(c) - chunk::first_block));
}

void *instance_heap::block_numbered(std::uint32_t number) const noexcept {
    std::size_t which = number >> 10, i = number & 1023;
    chunk *c = which < numbered_.size() ? numbered_[which] : nullptr;
    return c && i < c->capacity && (c->live[i / 64] >> (i % 64) & 1) ? c->block(i) : nullptr;
}

} // namespace detail
} // namespace tsbind
