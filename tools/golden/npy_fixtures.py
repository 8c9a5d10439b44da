#!/usr/bin/python3
"""Writes .npy files with numpy for ember.io.NpyTest, and checks .npy files that Ember wrote.

Write the fixtures (CI never runs this; the files are committed):
    /usr/bin/python3 tools/golden/npy_fixtures.py
Output: ember-core/src/test/resources/npy/<name>.npy, one per entry of FIXTURES below. NpyTest builds the same
arrays from the same formulas and compares values, and for the little-endian C-order ones also compares the bytes
that Npy.save writes with numpy's.

Check that numpy reads what Ember writes (run by hand; last done with numpy 1.24.2, all arrays equal):
    /usr/bin/python3 tools/golden/npy_fixtures.py check DIR
where DIR holds files written by Npy.save under the same names (NpyTest.writeForNumpyCheck does that when run with
-Dember.npyCheckDir=DIR).
"""
import os
import sys

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "ember-core", "src", "test", "resources", "npy")

# name -> (array, numpy format version or None for numpy's default). Ember reads all of them.
FIXTURES = {
    "f4_2x3": (np.arange(6, dtype="<f4").reshape(2, 3) / np.float32(4) - np.float32(0.5), None),
    "f8_3": (np.array([1.5, -2.25, 1e300], dtype="<f8"), None),
    "i8_2x2": (np.array([[1, -2], [2**40, -(2**62)]], dtype="<i8"), None),
    "i4_4": (np.array([0, -1, 2**31 - 1, -(2**31)], dtype="<i4"), None),
    "u1_5": (np.array([0, 1, 127, 128, 255], dtype="|u1"), None),
    "b1_2x2": (np.array([[True, False], [False, True]]), None),
    "f4_scalar": (np.array(3.5, dtype="<f4"), None),
    "f4_0x3": (np.zeros((0, 3), dtype="<f4"), None),
    "i8_2x3x4": (np.arange(24, dtype="<i8").reshape(2, 3, 4), None),
    "big_f4_2x3": (np.arange(6, dtype=">f4").reshape(2, 3) / np.float32(4) - np.float32(0.5), None),
    "big_f8_3": (np.array([1.5, -2.25, 1e300], dtype=">f8"), None),
    "big_i8_3": (np.array([1, -2, 2**40], dtype=">i8"), None),
    "big_i4_3": (np.array([1, -2, 2**30], dtype=">i4"), None),
    "fortran_i4_2x3": (np.asfortranarray(np.arange(6, dtype="<i4").reshape(2, 3)), None),
    "fortran_f8_2x3x4": (np.asfortranarray(np.arange(24, dtype="<f8").reshape(2, 3, 4)), None),
    "v2_f4_2x3": (np.arange(6, dtype="<f4").reshape(2, 3) / np.float32(4) - np.float32(0.5), (2, 0)),
    "v3_i4_4": (np.array([0, -1, 2**31 - 1, -(2**31)], dtype="<i4"), (3, 0)),
    # refused by Ember with a clear message:
    "object_2": (np.array([1, "a"], dtype=object), None),
    "f2_3": (np.arange(3, dtype="<f2"), None),
}


def write():
    os.makedirs(OUT, exist_ok=True)
    for name, (array, version) in FIXTURES.items():
        with open(os.path.join(OUT, name + ".npy"), "wb") as f:
            np.lib.format.write_array(f, array, version=version, allow_pickle=True)
    print("wrote", len(FIXTURES), "files to", os.path.normpath(OUT))


def check(directory):
    checked = 0
    for file in sorted(os.listdir(directory)):
        name = file[:-4]
        if not file.endswith(".npy") or name not in FIXTURES:
            continue
        expected = FIXTURES[name][0]
        actual = np.load(os.path.join(directory, file))
        same = actual.dtype == expected.dtype.newbyteorder("<") or actual.dtype == expected.dtype
        assert same and actual.shape == expected.shape and np.array_equal(actual, expected), (name, actual, expected)
        checked += 1
    assert checked > 0, "no Ember-written fixture files in " + directory
    print("numpy read", checked, "Ember-written files; all equal")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "check":
        check(sys.argv[2])
    else:
        write()
