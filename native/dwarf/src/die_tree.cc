// A CU's DIE tree as plain objects: attributes keyed by DW_AT number, each value decoded by form class.
#include "elf_handle.h"

#include <dwarf.h>

namespace {

struct AttrContext {
  Napi::Env env;
  Dwarf_Die* die;
  Napi::Object attrs;
  Dwarf_Half version;
};

bool IsLocationClass(unsigned name) {
  switch (name) {
    case DW_AT_location: case DW_AT_frame_base: case DW_AT_data_member_location:
    case DW_AT_vtable_elem_location: case DW_AT_string_length: case DW_AT_use_location:
    case DW_AT_return_addr: case DW_AT_static_link: case DW_AT_segment: case DW_AT_data_location:
    case DW_AT_call_value: case DW_AT_GNU_call_site_value: case DW_AT_call_target:
    case DW_AT_GNU_call_site_target: case DW_AT_call_data_value: case DW_AT_call_data_location:
    case DW_AT_lower_bound: case DW_AT_upper_bound: case DW_AT_count: case DW_AT_byte_size:
    case DW_AT_bit_size: case DW_AT_allocated: case DW_AT_associated: case DW_AT_rank:
      return true;
    default:
      return false;
  }
}

Napi::Value Locations(Napi::Env env, Dwarf_Attribute* attr) {
  Napi::Array entries = Napi::Array::New(env);
  Dwarf_Addr base, start, end;
  Dwarf_Op* expr;
  size_t len;
  ptrdiff_t off = 0;
  while ((off = dwarf_getlocations(attr, off, &base, &start, &end, &expr, &len)) > 0) {
    Napi::Object e = Napi::Object::New(env);
    e.Set("low", ToBigInt(env, start));
    e.Set("high", ToBigInt(env, end));
    e.Set("ops", OpsToJs(env, attr, expr, len));
    entries.Set(entries.Length(), e);
  }
  Napi::Object o = Napi::Object::New(env);
  o.Set("loc", entries);
  return o;
}

Napi::Value Ranges(Napi::Env env, Dwarf_Die* die) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("ranges", RangesToJs(env, die));
  return o;
}

Napi::Value Signed(Napi::Env env, int64_t v) {
  if (v >= -(1ll << 53) && v <= (1ll << 53)) return Napi::Number::New(env, static_cast<double>(v));
  return Napi::BigInt::New(env, v);
}

// Returns undefined for forms we do not decode (the attribute is then omitted).
Napi::Value DecodeAttr(AttrContext& c, Dwarf_Attribute* attr) {
  Napi::Env env = c.env;
  unsigned name = dwarf_whatattr(attr);
  unsigned form = dwarf_whatform(attr);
  if (name == DW_AT_ranges) return Ranges(env, c.die);
  switch (form) {
    case DW_FORM_addr: case DW_FORM_addrx: case DW_FORM_addrx1: case DW_FORM_addrx2:
    case DW_FORM_addrx3: case DW_FORM_addrx4: case DW_FORM_GNU_addr_index: {
      Dwarf_Addr a;
      if (dwarf_formaddr(attr, &a) != 0) return env.Undefined();
      return ToBigInt(env, a);
    }
    case DW_FORM_ref1: case DW_FORM_ref2: case DW_FORM_ref4: case DW_FORM_ref8:
    case DW_FORM_ref_udata: case DW_FORM_ref_addr: case DW_FORM_ref_sig8:
    case DW_FORM_GNU_ref_alt: case DW_FORM_ref_sup4: case DW_FORM_ref_sup8: {
      Dwarf_Die target;
      if (dwarf_formref_die(attr, &target) == nullptr) return env.Undefined();
      Napi::Object o = Napi::Object::New(env);
      o.Set("ref", Napi::Number::New(env, static_cast<double>(dwarf_dieoffset(&target))));
      return o;
    }
    case DW_FORM_flag: case DW_FORM_flag_present: {
      bool f = false;
      dwarf_formflag(attr, &f);
      return Napi::Number::New(env, f ? 1 : 0);
    }
    case DW_FORM_string: case DW_FORM_strp: case DW_FORM_line_strp: case DW_FORM_strx:
    case DW_FORM_strx1: case DW_FORM_strx2: case DW_FORM_strx3: case DW_FORM_strx4:
    case DW_FORM_GNU_strp_alt: case DW_FORM_GNU_str_index: case DW_FORM_strp_sup: {
      const char* s = dwarf_formstring(attr);
      return s ? Napi::String::New(env, s) : env.Undefined();
    }
    case DW_FORM_sdata: case DW_FORM_implicit_const: {
      Dwarf_Sword v;
      if (dwarf_formsdata(attr, &v) != 0) return env.Undefined();
      return Signed(env, v);
    }
    case DW_FORM_data4: case DW_FORM_data8:
      // DWARF 2/3 spell location-list pointers as data4/data8.
      if (c.version < 4 && IsLocationClass(name) && name != DW_AT_data_member_location) return Locations(env, attr);
      [[fallthrough]];
    case DW_FORM_data1: case DW_FORM_data2: case DW_FORM_udata: {
      Dwarf_Word v;
      if (dwarf_formudata(attr, &v) != 0) return env.Undefined();
      return ToNumberOrBigInt(env, v);
    }
    case DW_FORM_exprloc: case DW_FORM_block: case DW_FORM_block1: case DW_FORM_block2:
    case DW_FORM_block4: {
      if (IsLocationClass(name)) return Locations(env, attr);
      Dwarf_Block b;
      if (dwarf_formblock(attr, &b) != 0) return env.Undefined();
      Napi::Object o = Napi::Object::New(env);
      o.Set("block", Napi::Buffer<uint8_t>::Copy(env, b.data, b.length));
      return o;
    }
    case DW_FORM_sec_offset: case DW_FORM_loclistx: case DW_FORM_rnglistx:
      if (IsLocationClass(name)) return Locations(env, attr);
      {
        Dwarf_Word v;
        if (dwarf_formudata(attr, &v) != 0) return env.Undefined();
        return ToNumberOrBigInt(env, v);
      }
    default:
      return env.Undefined();
  }
}

int AttrCallback(Dwarf_Attribute* attr, void* arg) {
  auto* c = static_cast<AttrContext*>(arg);
  Napi::Value v = DecodeAttr(*c, attr);
  if (!v.IsUndefined()) c->attrs.Set(Napi::Number::New(c->env, dwarf_whatattr(attr)), v);
  return DWARF_CB_OK;
}

Napi::Object DieToJs(Napi::Env env, Dwarf_Die* die, Dwarf_Half version) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("offset", Napi::Number::New(env, static_cast<double>(dwarf_dieoffset(die))));
  o.Set("tag", Napi::Number::New(env, dwarf_tag(die)));
  AttrContext ctx{env, die, Napi::Object::New(env), version};
  dwarf_getattrs(die, AttrCallback, &ctx, 0);
  o.Set("attrs", ctx.attrs);
  Napi::Array children = Napi::Array::New(env);
  Dwarf_Die child;
  if (dwarf_child(die, &child) == 0) {
    do {
      children.Set(children.Length(), DieToJs(env, &child, version));
    } while (dwarf_siblingof(&child, &child) == 0);
  }
  o.Set("children", children);
  return o;
}

}  // namespace

Napi::Object DieTreeToJs(Napi::Env env, Dwarf* dwarf, Dwarf_Off cuOffset) {
  Dwarf_Die cudie;
  if (dwarf_offdie(dwarf, cuOffset, &cudie) == nullptr) ThrowDwarfError(env, "no DIE at offset " + std::to_string(cuOffset));
  Dwarf_Half version = 4;
  dwarf_cu_info(cudie.cu, &version, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr);
  return DieToJs(env, &cudie, version);
}
