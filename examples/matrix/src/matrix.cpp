// A small dense-matrix library bound with tsbind: the example that the
// README's first command builds and runs.
#include <tsbind/tsbind.h>
#include <tsbind/stl.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace linalg {

/// Thrown when operands have shapes that do not fit together.
struct DimensionError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};
/// Thrown when a system has no unique solution.
struct SingularMatrixError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Matrix {
public:
    Matrix(size_t rows, size_t cols, double fill = 0.0) : rows_(rows), cols_(cols), data_(rows * cols, fill) {}

    static Matrix identity(size_t n) {
        Matrix m(n, n);
        for (size_t i = 0; i < n; ++i) m(i, i) = 1.0;
        return m;
    }
    static Matrix from_rows(const std::vector<std::vector<double>> &rows) {
        size_t cols = rows.empty() ? 0 : rows[0].size();
        Matrix m(rows.size(), cols);
        for (size_t r = 0; r < rows.size(); ++r) {
            if (rows[r].size() != cols)
                throw DimensionError("row " + std::to_string(r) + " has " + std::to_string(rows[r].size()) +
                                     " values, expected " + std::to_string(cols));
            for (size_t c = 0; c < cols; ++c) m(r, c) = rows[r][c];
        }
        return m;
    }

    size_t rows() const { return rows_; }
    size_t cols() const { return cols_; }
    double get(size_t r, size_t c) const { return data_.at(index(r, c)); }
    void set(size_t r, size_t c, double v) { data_.at(index(r, c)) = v; }

    Matrix multiply(const Matrix &o) const {
        if (cols_ != o.rows_) throw DimensionError("cannot multiply " + shape() + " by " + o.shape());
        Matrix out(rows_, o.cols_);
        for (size_t i = 0; i < rows_; ++i)
            for (size_t k = 0; k < cols_; ++k) {
                double a = (*this)(i, k);
                for (size_t j = 0; j < o.cols_; ++j) out(i, j) += a * o(k, j);
            }
        return out;
    }
    std::vector<double> multiply(const std::vector<double> &v) const {
        if (cols_ != v.size()) throw DimensionError("cannot multiply " + shape() + " by a vector of " + std::to_string(v.size()));
        std::vector<double> out(rows_, 0.0);
        for (size_t i = 0; i < rows_; ++i)
            for (size_t j = 0; j < cols_; ++j) out[i] += (*this)(i, j) * v[j];
        return out;
    }
    Matrix scale(double k) const {
        Matrix out = *this;
        for (double &x : out.data_) x *= k;
        return out;
    }
    Matrix transpose() const {
        Matrix out(cols_, rows_);
        for (size_t i = 0; i < rows_; ++i)
            for (size_t j = 0; j < cols_; ++j) out(j, i) = (*this)(i, j);
        return out;
    }

    /// Solves A x = b by Gaussian elimination with partial pivoting.
    std::vector<double> solve(std::vector<double> b) const {
        if (rows_ != cols_) throw DimensionError("solve needs a square matrix, not " + shape());
        if (b.size() != rows_) throw DimensionError("right-hand side has " + std::to_string(b.size()) + " values, expected " + std::to_string(rows_));
        Matrix a = *this;
        const size_t n = rows_;
        for (size_t col = 0; col < n; ++col) {
            size_t pivot = col;
            for (size_t r = col + 1; r < n; ++r)
                if (std::fabs(a(r, col)) > std::fabs(a(pivot, col))) pivot = r;
            if (std::fabs(a(pivot, col)) < 1e-12) throw SingularMatrixError("the matrix is singular");
            if (pivot != col) {
                for (size_t c = 0; c < n; ++c) std::swap(a(col, c), a(pivot, c));
                std::swap(b[col], b[pivot]);
            }
            for (size_t r = col + 1; r < n; ++r) {
                double f = a(r, col) / a(col, col);
                for (size_t c = col; c < n; ++c) a(r, c) -= f * a(col, c);
                b[r] -= f * b[col];
            }
        }
        std::vector<double> x(n);
        for (size_t i = n; i-- > 0;) {
            double s = b[i];
            for (size_t c = i + 1; c < n; ++c) s -= a(i, c) * x[c];
            x[i] = s / a(i, i);
        }
        return x;
    }

    std::vector<std::vector<double>> to_rows() const {
        std::vector<std::vector<double>> out(rows_, std::vector<double>(cols_));
        for (size_t i = 0; i < rows_; ++i)
            for (size_t j = 0; j < cols_; ++j) out[i][j] = (*this)(i, j);
        return out;
    }
    std::string to_string() const {
        std::string s = "Matrix(" + shape() + ")";
        if (rows_ * cols_ > 36) return s;
        for (size_t i = 0; i < rows_; ++i) {
            s += "\n ";
            for (size_t j = 0; j < cols_; ++j) {
                char buf[32];
                std::snprintf(buf, sizeof buf, " %8.3f", (*this)(i, j));
                s += buf;
            }
        }
        return s;
    }

private:
    std::string shape() const { return std::to_string(rows_) + "x" + std::to_string(cols_); }
    size_t index(size_t r, size_t c) const {
        if (r >= rows_ || c >= cols_)
            throw std::out_of_range("(" + std::to_string(r) + ", " + std::to_string(c) + ") is outside " + shape());
        return r * cols_ + c;
    }
    double &operator()(size_t r, size_t c) { return data_[r * cols_ + c]; }
    double operator()(size_t r, size_t c) const { return data_[r * cols_ + c]; }

    size_t rows_, cols_;
    std::vector<double> data_;
};

} // namespace linalg

TSBIND_MODULE(matrix, m) {
    using linalg::Matrix;
    m.exception<linalg::DimensionError>("DimensionError");
    m.exception<linalg::SingularMatrixError>("SingularMatrixError");

    tsbind::class_<Matrix>(m, "Matrix")
        .def(tsbind::init<size_t, size_t, double>(), tsbind::arg("rows"), tsbind::arg("cols"), tsbind::arg("fill") = 0.0)
        .def_static("identity", &Matrix::identity, tsbind::arg("n"), "The n x n identity matrix.")
        .def_static("fromRows", &Matrix::from_rows, tsbind::arg("rows"), "A matrix from an array of equal-length rows.")
        .def_property_readonly("rows", &Matrix::rows)
        .def_property_readonly("cols", &Matrix::cols)
        .def("get", &Matrix::get, tsbind::arg("row"), tsbind::arg("col"))
        .def("set", &Matrix::set, tsbind::arg("row"), tsbind::arg("col"), tsbind::arg("value"))
        .def("multiply", static_cast<Matrix (Matrix::*)(const Matrix &) const>(&Matrix::multiply), tsbind::arg("other"))
        .def("multiply", static_cast<std::vector<double> (Matrix::*)(const std::vector<double> &) const>(&Matrix::multiply),
             tsbind::arg("vector"))
        .def("scale", &Matrix::scale, tsbind::arg("factor"))
        .def("transpose", &Matrix::transpose)
        .def("solve", &Matrix::solve, tsbind::arg("b"), "Solves this * x = b for x.")
        .def("toArray", &Matrix::to_rows)
        .def("toString", &Matrix::to_string);
}
