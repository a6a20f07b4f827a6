#include "attribute_bank.h"

#include "common/errors.h"

#include <algorithm>
#include <ostream>

namespace trvp {

void attribute_params::validate(const std::string& who) const {
    auto fail = [&](const std::string& m) { throw user_error(who + ": " + m); };
    if (ear_entries < 1 || ear_entries > 4096) fail("ear_entries must be in [1, 4096]");
    if (keys < 1 || keys > 0xfffe) fail("keys must be in [1, 65534]");
    if (contexts < 1 || contexts > 0x7fff) fail("contexts must be in [1, 32767]");
    if (handles_per_context < 1 || handles_per_context > 0xfffe)
        fail("handles_per_context must be in [1, 65534]");
}

namespace {
const attribute_params& checked(const attribute_params& p, const std::string& who) {
    p.validate(who);
    return p;
}
constexpr uint32_t page = ear_table::page_size;
} // namespace

attribute_bank::attribute_bank(const sc_core::sc_module_name& nm, sim_env& env,
                               const attribute_params& p)
    : component(nm, env), m_params(checked(p, name())), m_ears(p.ear_entries),
      m_keys(key_table_params{p.keys}), m_contexts(p.contexts + 1) {
    for (const key128& k : p.preload_keys)
        if (m_keys.acquire(k).status != key_status::ok)
            throw user_error(std::string(name()) +
                             ": preload_keys holds more keys than 'keys' ids");
}

int32_t attribute_bank::refuse(int32_t code) {
    count_refusal(code);
    return code;
}

void attribute_bank::count_refusal(int32_t code) {
    switch (code) {
    case TR_EINVAL:
        ++m_ref_einval;
        break;
    case TR_ENOSPC:
        ++m_ref_enospc;
        break;
    case TR_EPERM:
        ++m_ref_eperm;
        break;
    case TR_EOVERLAP:
        ++m_ref_eoverlap;
        break;
    default:
        ++m_ref_other;
    }
}

void attribute_bank::release(uint16_t key_id) {
    if (key_id) m_keys.release(key_id);
}

// ---- contexts ----

int32_t attribute_bank::create_context(const key128& data_key, const key128& program_key,
                                       uint16_t& ctx) {
    uint16_t id = 0;
    for (uint16_t i = 1; i < m_contexts.size() && !id; ++i)
        if (!m_contexts[i].valid && !m_contexts[i].reserved) id = i;
    if (!id) return refuse(TR_ENOSPC);
    const auto d = m_keys.acquire(data_key);
    if (d.status != key_status::ok) return refuse(TR_ENOSPC);
    const auto pk = m_keys.acquire(program_key);
    if (pk.status != key_status::ok) {
        m_keys.release(d.id);
        return refuse(TR_ENOSPC);
    }
    context_keys& c = m_contexts[id];
    c.valid = true;
    c.data_key = d.id;
    c.program_key = pk.id;
    c.handles.assign(m_params.handles_per_context, 0);
    ++m_contexts_created;
    m_keys_peak.set(std::max<uint64_t>(m_keys_peak.value(), m_keys.active_count()));
    ctx = id;
    return TR_OK;
}

bool attribute_bank::context_valid(uint16_t ctx) const {
    return ctx && ctx < m_contexts.size() && m_contexts[ctx].valid;
}

uint16_t attribute_bank::data_key(uint16_t ctx) const {
    return context_valid(ctx) ? m_contexts[ctx].data_key : 0;
}

uint16_t attribute_bank::program_key(uint16_t ctx) const {
    return context_valid(ctx) ? m_contexts[ctx].program_key : 0;
}

std::vector<uint32_t> attribute_bank::destroy_context(uint16_t ctx, bool keep_id) {
    std::vector<uint32_t> frames;
    if (!context_valid(ctx)) return frames;
    for (const ear_entry& e : m_ears.remove_context(ctx)) release(e.key_id);
    context_keys& c = m_contexts[ctx];
    for (uint16_t& h : c.handles) {
        if (!h) continue;
        release(h);
        h = 0;
        ++m_handle_drops;
    }
    release(c.data_key);
    release(c.program_key);
    c = context_keys{};
    c.reserved = keep_id;
    for (auto it = m_frames.begin(); it != m_frames.end();) {
        auto& v = it->second;
        const size_t before = v.size();
        v.erase(std::remove_if(v.begin(), v.end(),
                               [ctx](const binding& b) { return b.context == ctx; }),
                v.end());
        if (v.size() != before) frames.push_back(it->first);
        it = v.empty() ? m_frames.erase(it) : std::next(it);
    }
    for (uint32_t f : frames) refresh_owner(f);
    return frames;
}

void attribute_bank::release_context_id(uint16_t ctx) {
    if (ctx && ctx < m_contexts.size()) m_contexts[ctx].reserved = false;
}

// ---- entries ----

namespace {
int32_t to_code(ear_status s) {
    switch (s) {
    case ear_status::ok:
        return TR_OK;
    case ear_status::unaligned:
        return TR_EINVAL;
    case ear_status::overlap:
        return TR_EOVERLAP;
    case ear_status::full:
        return TR_ENOSPC;
    case ear_status::not_found:
        return TR_EINVAL;
    }
    return TR_EINVAL;
}
} // namespace

int32_t attribute_bank::check_entry(uint16_t ctx, uint32_t va, uint32_t size) {
    ear_entry e;
    e.context = ctx;
    e.va_base = va;
    e.size = size;
    const int32_t code = to_code(m_ears.check(e));
    return code == TR_OK ? code : refuse(code);
}

int32_t attribute_bank::add_entry(uint16_t ctx, uint32_t va, uint32_t size, uint16_t key_id,
                                  uint8_t perms, ear_kind kind) {
    if (!context_valid(ctx)) return refuse(TR_ECONTEXT);
    ear_entry e;
    e.context = ctx;
    e.va_base = va;
    e.size = size;
    e.key_id = key_id;
    e.perms = perms;
    e.kind = kind;
    const int32_t code = to_code(m_ears.check(e));
    if (code != TR_OK) return refuse(code);
    if (key_id && m_keys.retain(key_id) != key_status::ok) return refuse(TR_EINVAL);
    m_ears.add(e);
    m_entries_peak.set(std::max<uint64_t>(m_entries_peak.value(), m_ears.used()));
    return TR_OK;
}

int32_t attribute_bank::remove_entry(uint16_t ctx, uint32_t va, ear_entry* removed) {
    ear_entry e;
    if (m_ears.remove(ctx, va, &e) != ear_status::ok) return refuse(TR_EINVAL);
    for (uint32_t p = e.va_base; uint64_t(p) < uint64_t(e.va_base) + e.size; p += page) {
        unbind(ctx, p);
        if (p + page < p) break;
    }
    release(e.key_id);
    if (removed) *removed = e;
    return TR_OK;
}

// ---- handles: (ctx << 16) | (slot + 1), so a handle names its context ----

int32_t attribute_bank::load_key(uint16_t ctx, const key128& key) {
    if (!context_valid(ctx)) return refuse(TR_ECONTEXT);
    context_keys& c = m_contexts[ctx];
    auto slot = std::find(c.handles.begin(), c.handles.end(), 0);
    if (slot == c.handles.end()) return refuse(TR_ENOSPC);
    const auto r = m_keys.acquire(key);
    if (r.status != key_status::ok) return refuse(TR_ENOSPC);
    *slot = r.id;
    ++m_handle_loads;
    m_keys_peak.set(std::max<uint64_t>(m_keys_peak.value(), m_keys.active_count()));
    return int32_t((uint32_t(ctx) << 16) | uint32_t(slot - c.handles.begin() + 1));
}

int32_t attribute_bank::resolve_handle(uint16_t ctx, uint32_t handle, uint16_t& key_id) const {
    const uint32_t owner = handle >> 16, slot = handle & 0xffff;
    if (slot == 0 || slot > m_params.handles_per_context || owner == 0) return TR_EINVAL;
    if (owner != ctx) return TR_EPERM;
    if (!context_valid(ctx) || !m_contexts[ctx].handles[slot - 1]) return TR_EINVAL;
    key_id = m_contexts[ctx].handles[slot - 1];
    return TR_OK;
}

int32_t attribute_bank::drop_handle(uint16_t ctx, uint32_t handle) {
    uint16_t id = 0;
    const int32_t code = resolve_handle(ctx, handle, id);
    if (code != TR_OK) return refuse(code);
    m_contexts[ctx].handles[(handle & 0xffff) - 1] = 0;
    release(id);
    ++m_handle_drops;
    return TR_OK;
}

// ---- frame bindings ----

int32_t attribute_bank::can_bind(uint32_t frame, uint16_t ctx, uint32_t vpage,
                                 ear_kind kind) const {
    auto it = m_frames.find(frame);
    if (it == m_frames.end()) return TR_OK;
    const bool exclusive = kind == ear_kind::code || kind == ear_kind::hidden;
    for (const binding& b : it->second) {
        if (b.context == ctx && b.vpage == vpage && b.kind == kind) continue;
        const bool b_exclusive = b.kind == ear_kind::code || b.kind == ear_kind::hidden;
        if (exclusive || b_exclusive || b.kind != kind) return TR_EPERM;
    }
    return TR_OK;
}

int32_t attribute_bank::bind_frame(uint32_t frame, uint16_t ctx, uint32_t vpage, ear_kind kind) {
    const int32_t code = can_bind(frame, ctx, vpage, kind);
    if (code != TR_OK) return refuse(code);
    auto& v = m_frames[frame];
    for (const binding& b : v)
        if (b.context == ctx && b.vpage == vpage) return TR_OK;
    const ear_entry* e = m_ears.lookup(ctx, vpage);
    v.push_back({ctx, vpage, kind, e ? e->key_id : uint16_t(0)});
    ++m_frames_bound;
    refresh_owner(frame);
    return TR_OK;
}

void attribute_bank::refresh_owner(uint32_t frame) {
    std::vector<uint16_t> keys;
    auto it = m_frames.find(frame);
    if (it != m_frames.end())
        for (const binding& b : it->second) keys.push_back(b.key_id);
    m_owners.set(frame, keys);
}

bool attribute_bank::frame_matches(uint32_t frame, uint16_t ctx, uint32_t vpage) const {
    auto it = m_frames.find(frame);
    if (it == m_frames.end()) return false;
    for (const binding& b : it->second)
        if (b.context == ctx && b.vpage == vpage) return true;
    return false;
}

void attribute_bank::unbind(uint16_t ctx, uint32_t vpage) {
    for (auto it = m_frames.begin(); it != m_frames.end();) {
        auto& v = it->second;
        const size_t before = v.size();
        v.erase(
            std::remove_if(v.begin(), v.end(),
                           [&](const binding& b) { return b.context == ctx && b.vpage == vpage; }),
            v.end());
        const uint32_t frame = it->first;
        const bool changed = v.size() != before;
        it = v.empty() ? m_frames.erase(it) : std::next(it);
        if (changed) refresh_owner(frame);
    }
}

// ---- dump and statistics ----

namespace {
const char* state_name(key_table::id_state s) {
    switch (s) {
    case key_table::id_state::free:
        return "free";
    case key_table::id_state::active:
        return "active";
    case key_table::id_state::draining:
        return "draining";
    }
    return "?";
}
} // namespace

void attribute_bank::dump_json(std::ostream& os) const {
    os << "{\n  \"name\": \"" << name() << "\",\n  \"entries\": [";
    bool first = true;
    for (unsigned i = 0; i < m_ears.entries().size(); ++i) {
        const ear_entry& e = m_ears.entries()[i];
        if (!e.valid) continue;
        os << (first ? "\n" : ",\n") << "    {\"index\": " << i << ", \"context\": " << e.context
           << ", \"va_base\": " << e.va_base << ", \"size\": " << e.size
           << ", \"key_id\": " << e.key_id << ", \"perms\": \"" << ((e.perms & ear_r) ? "r" : "-")
           << ((e.perms & ear_w) ? "w" : "-") << ((e.perms & ear_x) ? "x" : "-")
           << "\", \"kind\": \"" << to_string(e.kind) << "\"}";
        first = false;
    }
    os << (first ? "]" : "\n  ]") << ",\n  \"keys\": [";
    first = true;
    for (uint16_t id = 1; id < m_keys.id_count(); ++id) {
        const auto st = m_keys.state(id);
        if (st == key_table::id_state::free) continue;
        os << (first ? "\n" : ",\n") << "    {\"key_id\": " << id << ", \"state\": \""
           << state_name(st) << "\", \"refs\": " << m_keys.refcount(id)
           << ", \"generation\": " << m_keys.generation(id) << "}";
        first = false;
    }
    os << (first ? "]" : "\n  ]") << ",\n  \"contexts\": [";
    first = true;
    for (uint16_t c = 1; c < m_contexts.size(); ++c) {
        const context_keys& k = m_contexts[c];
        if (!k.valid) continue;
        os << (first ? "\n" : ",\n") << "    {\"context\": " << c
           << ", \"data_key_id\": " << k.data_key << ", \"program_key_id\": " << k.program_key
           << ", \"handles\": [";
        bool hf = true;
        for (unsigned s = 0; s < k.handles.size(); ++s) {
            if (!k.handles[s]) continue;
            os << (hf ? "" : ", ") << "{\"handle\": " << ((uint32_t(c) << 16) | (s + 1))
               << ", \"key_id\": " << k.handles[s] << "}";
            hf = false;
        }
        os << "]}";
        first = false;
    }
    os << (first ? "]" : "\n  ]") << ",\n  \"frames\": [";
    first = true;
    for (const auto& [frame, v] : m_frames) {
        for (const binding& b : v) {
            os << (first ? "\n" : ",\n") << "    {\"pa\": " << frame
               << ", \"context\": " << b.context << ", \"vpage\": " << b.vpage << ", \"kind\": \""
               << to_string(b.kind) << "\"}";
            first = false;
        }
    }
    os << (first ? "]" : "\n  ]") << "\n}\n";
}

void attribute_bank::end_of_run() {
    m_entries_used.set(m_ears.used());
    m_keys_used.set(m_keys.active_count());
}

} // namespace trvp
