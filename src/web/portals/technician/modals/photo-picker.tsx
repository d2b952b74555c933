// Photos from the camera (capture=environment), shrunk on the phone as soon as they are taken,
// shown as thumbnails that can be removed, with the count against the rule (min..max).
import { useEffect, useId, useRef, useState } from 'react';
import { useT } from '../../../i18n/i18n';
import { shrinkPhoto } from '../api/photos';

export interface PickedPhoto {
  id: string;
  file: File;
  url: string;
}

let nextId = 0;

/** Object URLs of the thumbnails are revoked when the picker goes away. */
export function usePickedPhotos() {
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const current = useRef(photos);
  current.current = photos;
  useEffect(
    () => () => {
      for (const photo of current.current) URL.revokeObjectURL(photo.url);
    },
    [],
  );
  return [photos, setPhotos] as const;
}

export function PhotoPicker(props: {
  label: string;
  min: number;
  max: number;
  photos: PickedPhoto[];
  onChange(photos: PickedPhoto[]): void;
  disabled?: boolean;
}) {
  const t = useT();
  const id = useId();
  const [preparing, setPreparing] = useState(false);
  const [inputKey, setInputKey] = useState(0);
  const remaining = props.max - props.photos.length;

  const add = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setPreparing(true);
    try {
      const chosen = [...files].slice(0, Math.max(0, remaining));
      const shrunk = await Promise.all(chosen.map((file) => shrinkPhoto(file)));
      const added = shrunk.map((file) => {
        nextId += 1;
        return { id: `photo-${nextId}`, file, url: URL.createObjectURL(file) };
      });
      props.onChange([...props.photos, ...added]);
    } finally {
      setPreparing(false);
      setInputKey((key) => key + 1);
    }
  };

  const remove = (photo: PickedPhoto) => {
    URL.revokeObjectURL(photo.url);
    props.onChange(props.photos.filter((item) => item.id !== photo.id));
  };

  return (
    <fieldset className="tw-photos" aria-describedby={`${id}-count`}>
      <legend className="field-label">{props.label}</legend>
      <p id={`${id}-count`} className="field-hint">
        {t('techWork.modal.photoCount', { count: props.photos.length, max: props.max })}
      </p>
      {props.photos.length > 0 && (
        <ul className="tw-photo-grid">
          {props.photos.map((photo, index) => (
            <li key={photo.id} className="tw-photo">
              <img src={photo.url} alt={t('techWork.modal.photo', { n: index + 1 })} />
              <button
                type="button"
                className="tw-photo-remove"
                disabled={props.disabled}
                onClick={() => remove(photo)}
                aria-label={t('techWork.modal.removePhoto', { n: index + 1 })}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {remaining > 0 && (
        <label className="button button-secondary tw-photo-add">
          {t('techWork.modal.addPhoto')}
          <input
            key={inputKey}
            className="visually-hidden"
            type="file"
            accept="image/*"
            capture="environment"
            multiple={remaining > 1}
            disabled={props.disabled || preparing}
            onChange={(event) => void add(event.target.files)}
          />
        </label>
      )}
      <p className="status-text" role="status">
        {preparing && t('techWork.modal.preparing')}
      </p>
    </fieldset>
  );
}
