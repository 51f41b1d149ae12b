// tsbind: bind C++ functions, classes and exceptions to TypeScript.
// The one header users include; see README.md and docs/ for the tour.
// Optional parts have their own headers, so that modules that do not use
// them do not compile them: <tsbind/stl.h> (standard-library types),
// <tsbind/async.h> (def_async and friends), <tsbind/vectorize.h>.
#pragma once

#include "cast.h"
#include "class.h"
#include "error.h"
#include "function.h"
#include "module.h"
#include "object.h"
#include "typed_array.h"
#include "value.h"
