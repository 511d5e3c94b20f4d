"""Customer segmentation without Django: RFM features in, named segments out.

``features`` scales recency/frequency/monetary, ``clustering`` groups buyers with a seeded
KMeans, ``naming`` names each group by transparent rules on its centroid and
``segmentation`` puts the three together. Inputs are plain numpy arrays.
"""
