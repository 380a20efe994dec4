"""Inclusion proofs from the hashes of perfect subtrees, without the whole tree.

Every subtree of an RFC 6962 tree that a proof names is either perfect (2**L leaves starting
at a multiple of 2**L: *node* ``(L, i)`` covers leaves ``i * 2**L`` to ``(i + 1) * 2**L - 1``)
or lies on the tree's right edge, where it is the perfect subtrees of its size's binary digits,
largest first, hashed from the right (as ``tree.Frontier.root`` does). So a proof of a tree of
n leaves needs at most about 2 log2(n) nodes, whoever keeps them (``proofs.py``: the database
keeps the nodes of level ``proofs.STORED_FROM`` and up, and the leaves give the ones below).
"""

from __future__ import annotations

from collections.abc import Callable

from qyzmet.audit.tree import node_hash

Node = tuple[int, int]  # (level, index)
NodeHash = Callable[[int, int], bytes]


def _largest_power_of_two_below(n: int) -> int:
    return 1 << ((n - 1).bit_length() - 1)


def subtree_root(start: int, size: int, node: NodeHash) -> bytes:
    """The root of the ``size`` leaves from leaf ``start`` (a subtree of the tree: ``start``
    is a multiple of a power of two not below ``size``)."""
    pieces = []
    for level in reversed(range(size.bit_length())):
        if size >> level & 1:
            pieces.append(node(level, start >> level))
            start += 1 << level
    root = pieces[-1]
    for left in reversed(pieces[:-1]):
        root = node_hash(left, root)
    return root


def path_of(index: int, size: int, node: NodeHash) -> list[str]:
    """RFC 6962's audit path of leaf ``index`` (from 0) in the tree of ``size`` leaves, from
    the nodes ``node(level, i)`` gives."""
    if not 0 <= index < size:
        raise IndexError(f"leaf {index} is not in a tree of {size}")
    path: list[str] = []
    start, width = 0, size
    while width > 1:
        k = _largest_power_of_two_below(width)
        if index - start < k:
            path.append(subtree_root(start + k, width - k, node).hex())
            width = k
        else:
            path.append(subtree_root(start, k, node).hex())
            start, width = start + k, width - k
    return list(reversed(path))


def nodes_needed(index: int, size: int) -> set[Node]:
    """The nodes ``path_of(index, size, ...)`` asks for."""
    needed: set[Node] = set()

    def note(level: int, i: int) -> bytes:
        needed.add((level, i))
        return b"\0" * 32

    path_of(index, size, note)
    return needed
