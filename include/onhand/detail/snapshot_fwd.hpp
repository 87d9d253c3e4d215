// SPDX-License-Identifier: Apache-2.0
// File: onhand/detail/snapshot_fwd.hpp
//
// The archive types a projection saves itself to and loads itself from in a
// snapshot. They are private to the library (src/engine/snapshot_io.hpp);
// each projection only names them in its save() and load() members.
#pragma once

namespace onhand::detail {
class snapshot_writer;
class snapshot_reader;
}  // namespace onhand::detail
