/** HTTP contract of the members domain (coworking). */
export {};
