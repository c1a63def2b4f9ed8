"""Multinomial logistic regression over sparse string features plus a dense vector.

Training minimises the weighted cross-entropy with L2 regularisation by L-BFGS from zero weights, so
the same data always gives the same model (no random state). Features are one sparse matrix (SciPy
CSR) beside a dense block. The model saves to one ``.npz`` file; prediction needs NumPy and SciPy only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import optimize, sparse


@dataclass
class Batch:
    """Examples: a binary CSR matrix of sparse features and a dense block, row for row."""

    x: sparse.csr_matrix
    dense: np.ndarray  # float32 (rows, dim)

    @property
    def rows(self) -> int:
        return int(self.x.shape[0])


class SoftmaxModel:
    def __init__(self, vocab: Sequence[str], classes: Sequence[str], dense_dim: int) -> None:
        self.vocab = {f: i for i, f in enumerate(vocab)}
        self.classes = list(classes)
        self.w_sparse = np.zeros((len(vocab), len(classes)), dtype=np.float32)
        self.w_dense = np.zeros((dense_dim, len(classes)), dtype=np.float32)
        self.bias = np.zeros(len(classes), dtype=np.float32)

    # ------------------------------------------------------------------ encoding
    def batch(self, features: Sequence[Sequence[str]], dense: np.ndarray) -> Batch:
        index: list[int] = []
        start = [0]
        for feats in features:
            index.extend(sorted({self.vocab[f] for f in feats if f in self.vocab}))
            start.append(len(index))
        data = np.ones(len(index), dtype=np.float32)
        x = sparse.csr_matrix(
            (data, np.asarray(index, dtype=np.int32), np.asarray(start, dtype=np.int64)),
            shape=(len(features), len(self.vocab)),
        )
        return Batch(x, np.asarray(dense, dtype=np.float32))

    # ------------------------------------------------------------------ prediction
    def logits(self, b: Batch) -> np.ndarray:
        return np.asarray(b.x @ self.w_sparse) + b.dense @ self.w_dense + self.bias

    def proba(self, b: Batch) -> np.ndarray:
        return _softmax(self.logits(b))

    # ------------------------------------------------------------------ training
    def fit(
        self,
        b: Batch,
        labels: np.ndarray,
        l2: float = 1e-3,
        weights: np.ndarray | None = None,
        max_iter: int = 300,
    ) -> None:
        n, k = b.rows, len(self.classes)
        v, d = self.w_sparse.shape[0], self.w_dense.shape[0]
        y = np.zeros((n, k))
        y[np.arange(n), labels] = 1.0
        w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
        w = w / w.sum()
        x, dense = b.x.astype(np.float64), b.dense.astype(np.float64)

        def unpack(theta: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            return (
                theta[: v * k].reshape(v, k),
                theta[v * k : (v + d) * k].reshape(d, k),
                theta[(v + d) * k :],
            )

        def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
            ws, wd, bias = unpack(theta)
            z = np.asarray(x @ ws) + dense @ wd + bias
            z -= z.max(axis=1, keepdims=True)
            logsum = np.log(np.exp(z).sum(axis=1, keepdims=True))
            value = -float((w[:, None] * y * (z - logsum)).sum())
            value += 0.5 * l2 * float((ws * ws).sum() + (wd * wd).sum())
            g = (np.exp(z - logsum) - y) * w[:, None]
            grad = np.concatenate(
                [
                    (np.asarray(x.T @ g) + l2 * ws).ravel(),
                    (dense.T @ g + l2 * wd).ravel(),
                    g.sum(axis=0),
                ]
            )
            return value, grad

        theta0 = np.zeros((v + d + 1) * k)
        result = optimize.minimize(loss, theta0, jac=True, method="L-BFGS-B", options={"maxiter": max_iter})
        ws, wd, bias = unpack(result.x)
        self.w_sparse, self.w_dense, self.bias = (
            ws.astype(np.float32),
            wd.astype(np.float32),
            bias.astype(np.float32),
        )

    # ------------------------------------------------------------------ files
    def save(self, path: Path, **meta: str) -> None:
        vocab = sorted(self.vocab, key=self.vocab.__getitem__)
        np.savez_compressed(
            path,
            vocab=np.asarray(vocab),
            classes=np.asarray(self.classes),
            w_sparse=self.w_sparse.astype(np.float16),
            w_dense=self.w_dense.astype(np.float16),
            bias=self.bias,
            **{f"meta_{k}": np.asarray(v) for k, v in meta.items()},
        )

    @classmethod
    def load(cls, path: Path) -> tuple[SoftmaxModel, dict[str, str]]:
        with np.load(path, allow_pickle=False) as z:
            model = cls([str(x) for x in z["vocab"]], [str(c) for c in z["classes"]], z["w_dense"].shape[0])
            model.w_sparse = z["w_sparse"].astype(np.float32)
            model.w_dense = z["w_dense"].astype(np.float32)
            model.bias = z["bias"].astype(np.float32)
            meta = {k[5:]: str(z[k]) for k in z.files if k.startswith("meta_")}
        return model, meta


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
