// tsbind: bind C++ functions, classes and exceptions to TypeScript.
// The one header users include; see README.md and docs/ for the tour.
#pragma once

#include "async.h"
#include "cast.h"
#include "class.h"
#include "error.h"
#include "function.h"
#include "module.h"
#include "object.h"
#include "stl/chrono.h"
#include "stl/functional.h"
#include "stl/map.h"
#include "stl/optional.h"
#include "stl/tuple.h"
#include "stl/variant.h"
#include "stl/vector.h"
#include "typed_array.h"
#include "vectorize.h"
