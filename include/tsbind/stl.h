// Conversions of the standard library: std::vector (typed arrays for numbers),
// std::optional, std::variant, std::pair/std::tuple/std::array, maps, sets,
// std::function and std::chrono time points (docs/conversions.md); and
// bind_vector, a std::vector bound as a class of live views. Each also has its
// own header under stl/.
#pragma once

#include "stl/bind_vector.h"
#include "stl/chrono.h"
#include "stl/functional.h"
#include "stl/map.h"
#include "stl/optional.h"
#include "stl/tuple.h"
#include "stl/variant.h"
#include "stl/vector.h"
