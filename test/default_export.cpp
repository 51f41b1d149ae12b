// Test module for a module whose one export is a class, as many packages are
// shaped (`module.exports = Database`; `import Database from '...'`).
#include <tsbind/tsbind.h>
#include <tsbind/stl.h>

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace {

/// A small in-memory key-value store, shaped as a binding of one would be.
class Database {
public:
    explicit Database(std::string name) : name_(std::move(name)) {}
    void put(const std::string &key, const std::string &value) {
        check_open();
        data_[key] = value;
    }
    std::optional<std::string> get(const std::string &key) const {
        check_open();
        auto it = data_.find(key);
        if (it == data_.end()) return std::nullopt;
        return it->second;
    }
    void close() { open_ = false; }
    const std::string &name() const { return name_; }

    /// Puts several entries at once (Database.Batch).
    struct Batch {
        std::map<std::string, std::string> entries;
        Batch &put(const std::string &key, const std::string &value) {
            entries[key] = value;
            return *this;
        }
    };
    void write(const Batch &batch) {
        check_open();
        for (const auto &[key, value] : batch.entries) data_[key] = value;
    }

private:
    void check_open() const;
    std::string name_;
    std::map<std::string, std::string> data_;
    bool open_ = true;
};

struct DatabaseError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

void Database::check_open() const {
    if (!open_) throw DatabaseError("the database " + name_ + " is closed");
}

} // namespace

TSBIND_MODULE(default_export, m) {
    tsbind::class_<Database> database(m, "Database", "An in-memory key-value store.");
    tsbind::class_<Database::Batch>(database, "Batch")
        .def(tsbind::init<>())
        .def("put", &Database::Batch::put, tsbind::arg("key"), tsbind::arg("value"),
             tsbind::return_value_policy::reference_internal);
    database.def(tsbind::init<std::string>(), tsbind::arg("name"))
        .def("put", &Database::put, tsbind::arg("key"), tsbind::arg("value"))
        .def("get", &Database::get, tsbind::arg("key"))
        .def("write", &Database::write, tsbind::arg("batch"))
        .def("close", &Database::close)
        .def_property_readonly("name", &Database::name);
    // Bound at the top level as usual: with a default export they become
    // properties of it (Database.DatabaseError, Database.open, Database.VERSION).
    m.exception<DatabaseError>("DatabaseError").code("DB_CLOSED");
    m.def("open", [](const std::string &name) { return Database(name); }, tsbind::arg("name"),
          tsbind::throws<DatabaseError>());
    m.attr("VERSION", "2.1.0");
    auto util = m.def_submodule("util");
    util.def("isDatabase", [](tsbind::value v) { return v.is_object(); }, tsbind::arg("value"));
    m.default_export("Database");
}
