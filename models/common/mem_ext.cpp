#include "mem_ext.h"

namespace trvp {

const char* to_string(access_kind k) {
    switch (k) {
    case access_kind::fetch:
        return "fetch";
    case access_kind::load:
        return "load";
    case access_kind::store:
        return "store";
    case access_kind::walk:
        return "walk";
    case access_kind::writeback:
        return "writeback";
    case access_kind::refill:
        return "refill";
    case access_kind::secure:
        return "secure";
    case access_kind::traffic:
        return "traffic";
    }
    return "?";
}

const char* to_string(stage s) {
    switch (s) {
    case stage::cache:
        return "cache";
    case stage::interconnect:
        return "interconnect";
    case stage::queue:
        return "queue";
    case stage::dram:
        return "dram";
    case stage::aes:
        return "aes";
    case stage::counter:
        return "counter";
    case stage::count_:
        break;
    }
    return "?";
}

} // namespace trvp

namespace trvp {

const char* to_string(mem_fault f) {
    switch (f) {
    case mem_fault::none:
        return "none";
    case mem_fault::integrity:
        return "integrity";
    case mem_fault::ownership:
        return "ownership";
    }
    return "?";
}

} // namespace trvp
