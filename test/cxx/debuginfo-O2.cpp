// -g: the frame's debug type follows the new layout.  Same coroutine and
// numbers as phases-O2.cpp: the members move where the report says (bits:
// n 20 = 160, a 24 = 192, b 28 = 224, q 32->24 = 192, r 36->20 = 160, Big
// 40->24 = 192, index 104->88 = 704) and the type shrinks to 96 bytes
// (768 bits).
// RUN: %clangxx -std=c++20 -O2 -g -I %S/../../examples -fpass-plugin=%plugin -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clangxx -std=c++20 -O2 -g -I %S/../../examples -S -emit-llvm %s -o - | FileCheck %s --check-prefix=BEFORE

// CHECK: !DICompositeType(tag: DW_TAG_structure_type, name: "_Z6phasesi.coro_frame_ty", {{.*}}size: 768,
// CHECK: name: "__int_32_1", {{.*}}offset: 160,
// CHECK: name: "__int_32_2", {{.*}}offset: 192,
// CHECK: name: "__int_32_3", {{.*}}offset: 224,
// CHECK: name: "__int_32_4", {{.*}}offset: 192,
// CHECK: name: "__int_32_5", {{.*}}offset: 160,
// CHECK: name: "struct_Big_6", {{.*}}offset: 192,
// CHECK: name: "__coro_index", {{.*}}offset: 704,

// BEFORE: !DICompositeType(tag: DW_TAG_structure_type, name: "_Z6phasesi.coro_frame_ty", {{.*}}size: 896,
// BEFORE: name: "__int_32_2", {{.*}}offset: 192,
// BEFORE: name: "__coro_index", {{.*}}offset: 832,

#include "../../examples/phases.cpp"
