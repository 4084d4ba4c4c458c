# tests/lecture/lecture.mk - lecture mode (being written).
