/*
 * test_tree.h - remove a test's scratch folder and whatever is in it.
 * A static function in a header: the unit tests link libmentor, not
 * tests/harness.c, and both use it.
 */
#ifndef MENTOR_TEST_TREE_H
#define MENTOR_TEST_TREE_H

#include <sys/stat.h>

#include <ftw.h>
#include <stdio.h>

/* nftw callback: remove one entry. */
static inline int
test_tree_entry(
    const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Remove dir and everything under it; nftw()'s result. */
static inline int
test_tree_remove(const char *dir)
{
	return nftw(dir, test_tree_entry, 16, FTW_DEPTH | FTW_PHYS);
}

#endif
